/** `pluggy-kit-server` (serve): the token server with the demo sign-in, configured from the environment. */
import type { ServeConfig } from '../config.js';
import type { RateLimitOptions } from '../http/rate-limits.js';
import { createLogger } from '../logger.js';
import { createServer } from '../server.js';
import { demoUserOf, installDemoSession } from './demo-session.js';
import { exitOnSignals } from './shutdown.js';

const BASE_PATH = '/api';
const SHUTDOWN_DEADLINE_MS = 10_000;

/** The rate limits the environment sets; unset ones keep the router's defaults. */
function rateLimitsOf(config: ServeConfig): RateLimitOptions {
  const limits: RateLimitOptions = {};
  if (config.RATE_LIMIT_TOKENS_PER_USER) limits.tokenPerUserPerMinute = config.RATE_LIMIT_TOKENS_PER_USER;
  if (config.RATE_LIMIT_TOKENS_PER_IP) limits.tokenPerIpPerMinute = config.RATE_LIMIT_TOKENS_PER_IP;
  if (config.RATE_LIMIT_REFRESH_PER_USER) limits.refreshPerUserPerMinute = config.RATE_LIMIT_REFRESH_PER_USER;
  if (config.RATE_LIMIT_REQUESTS_PER_IP) limits.requestsPerIpPerMinute = config.RATE_LIMIT_REQUESTS_PER_IP;
  if (config.RATE_LIMIT_WEBHOOKS_PER_USER)
    limits.webhooksPerUserPerMinute = config.RATE_LIMIT_WEBHOOKS_PER_USER;
  return limits;
}

export async function serve(config: ServeConfig): Promise<void> {
  const logger = createLogger({ level: config.LOG_LEVEL });
  const allowedOrigins = config.ALLOWED_ORIGINS;
  const kit = createServer({
    getUser: demoUserOf,
    pluggy: {
      clientId: config.PLUGGY_CLIENT_ID,
      clientSecret: config.PLUGGY_CLIENT_SECRET,
      apiUrl: config.PLUGGY_API_URL,
    },
    store: config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : { sqliteFile: config.DATABASE_PATH },
    allowedOrigins,
    ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}),
    ...(config.OAUTH_REDIRECT_URI ? { oauthRedirectUri: config.OAUTH_REDIRECT_URI } : {}),
    ...(config.ALLOW_SANDBOX_CONNECTORS !== undefined
      ? { allowSandboxConnectors: config.ALLOW_SANDBOX_CONNECTORS }
      : {}),
    basePath: BASE_PATH,
    webhookSecrets: [
      config.WEBHOOK_SECRET,
      ...(config.WEBHOOK_SECRET_PREVIOUS ? [config.WEBHOOK_SECRET_PREVIOUS] : []),
    ],
    logger,
    ...(config.STATIC_DIR ? { staticDir: config.STATIC_DIR } : {}),
    ...(config.TRUST_PROXY !== undefined ? { trustProxy: config.TRUST_PROXY } : {}),
    rateLimit: rateLimitsOf(config),
    ...(config.CONNECT_URL ? { connectOrigins: [new URL(config.CONNECT_URL).origin] } : {}),
    beforeRouter: (app) =>
      installDemoSession(app, {
        sessionSecret: config.SESSION_SECRET,
        secureCookies: config.PUBLIC_URL?.startsWith('https:') ?? false,
        allowedOrigins,
        basePath: BASE_PATH,
        logger,
      }),
  });
  await kit.router.ready;
  if (!config.PUBLIC_URL) {
    logger.warn(
      'PUBLIC_URL is not set: connect tokens carry no webhook URL, so Pluggy cannot notify this server and connected items will not sync. Set PUBLIC_URL to a public https URL (a tunnel, locally).',
    );
  }
  logger.warn('DEMO sign-in is on (users alice and bob): replace getUser with your own authentication.');
  const { url } = await kit.listen(config.PORT, config.HOST);
  exitOnSignals(
    () => kit.close({ deadlineMs: SHUTDOWN_DEADLINE_MS, readinessGraceMs: config.SHUTDOWN_GRACE_MS }),
    logger,
  );
  process.stdout.write(`pluggy-kit-server listening on ${url}\n`);
}
