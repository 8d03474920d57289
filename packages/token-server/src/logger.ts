/**
 * The server's pino logger. Tokens, API keys, cookies and webhook secrets are redacted wherever they
 * appear in a log line, and the secret segment of a webhook URL is masked in request logs.
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

/** `/api/webhooks/<secret>` → `/api/webhooks/[secret]`. */
export function maskWebhookSecret(url: string): string {
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
