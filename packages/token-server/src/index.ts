/** @pluggy-kit/token-server: the backend half of Pluggy Connect Kit. */
export { createServer, PLUGGY_CONNECT_ORIGIN, type KitServer, type ServerOptions } from './server.js';
export {
  createPluggyRouter,
  type PluggyCredentials,
  type PluggyRouter,
  type PluggyRouterOptions,
  type WorkerSettings,
} from './router.js';
export {
  createPluggyClient,
  DEFAULT_PLUGGY_API_URL,
  type PluggyClientOptions,
} from './pluggy/pluggy-client.js';
export { PluggyApiError, type PluggyApi, type ConnectTokenRequest } from './pluggy/pluggy-api.js';
export { createLogger, type LoggerOptions } from './logger.js';
export { PublicUrlError } from './http/token-webhook-url.js';
export { itemAction, type ItemAction } from './domain/item-action.js';
export { toItemView, type ItemView } from './domain/item-view.js';
export type { GetUser } from './http/require-user.js';
export type { RateLimitOptions } from './http/rate-limits.js';
export { CSRF_HEADER } from './http/origin-guard.js';
export { openStore, StoreError, DEFAULT_SQLITE_FILE, type OpenStoreOptions } from './store/index.js';
export type {
  Store,
  StoredItem,
  StoredAccount,
  StoredTransaction,
  InboxEvent,
  ConnectorHealth,
} from './store/index.js';
export { createChangeFeed, type ChangeFeed, type ItemChange } from './changes.js';
export {
  enqueueItemSync,
  listDeadEvents,
  requeueEvent,
  HANDLED_EVENTS,
  WEBHOOK_SECRET_HEADER,
  type WebhookHooks,
  type ItemHookEvent,
  type ItemDeletedHookEvent,
  type TransactionsHookEvent,
} from './webhooks/index.js';
