import type { Logger } from 'pino';

/** The part of a pino logger the webhook code uses (so tests and hosts can pass any pino instance). */
export type WebhookLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
