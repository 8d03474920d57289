/**
 * The server's pino logger. Tokens, API keys, cookies and webhook secrets are redacted wherever they
 * appear in a log line, and the secret or signature segment of a webhook URL is masked in request logs.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-pluggy-kit-secret"]',
  'res.headers["set-cookie"]',
  'accessToken',
  'apiKey',
  'clientSecret',
  'webhookSecret',
  'secret',
  '*.accessToken',
  '*.apiKey',
  '*.clientSecret',
  '*.webhookSecret',
  '*.secret',
];

/**
 * `/api/webhooks/u/<user>/<signature>` → `/api/webhooks/u/<user>/[signature]`; any other segment after
 * `/webhooks/` (an old-style path secret, a guess) → `[secret]`.
 */
export function maskWebhookSecret(url: string): string {
  const signed = /(\/webhooks\/u\/[^/?#]+\/)[^/?#]+/;
  if (signed.test(url)) return url.replace(signed, '$1[signature]');
  return url.replace(/(\/webhooks\/)[^/?#]+/, '$1[secret]');
}

export interface LoggerOptions {
  level?: string;
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      name: 'pluggy-kit-server',
      level: options.level ?? 'info',
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    options.destination,
  );
}
