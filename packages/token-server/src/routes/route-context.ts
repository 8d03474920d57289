/** What every route module gets from the router: Pluggy, the store, the change feed, hooks, limits and a logger. */
import type { Logger } from 'pino';
import type { ChangeFeed } from '../changes.js';
import type { RateLimits } from '../http/rate-limits.js';
import type { PluggyApi } from '../pluggy/pluggy-api.js';
import type { Store } from '../store/index.js';
import type { WebhookHooks } from '../webhooks/index.js';

export interface RouteContext {
  pluggy: PluggyApi;
  /** The open store; throws STORE_UNAVAILABLE (503) while it is not. */
  store(): Store;
  changes: ChangeFeed;
  /** The host's hooks: routes call the ones whose change they make themselves (DELETE → onItemDeleted). */
  hooks: WebhookHooks;
  limits: RateLimits;
  logger: Logger;
  /**
   * Where Pluggy delivers events of items made with `userId`'s tokens (a path signed for that user);
   * undefined when Pluggy could not reach this server.
   */
  tokenWebhookUrl(userId: string): string | undefined;
  /** The server's OAuth redirect for every connect token (never from a request). */
  oauthRedirectUri: string | undefined;
  /** False in production: POST /items refuses items of sandbox connectors. */
  allowSandboxConnectors: boolean;
  /** Registers a cleanup run by `router.close()` (e.g. ending an SSE stream). */
  onClose(cleanup: () => void): () => void;
}
