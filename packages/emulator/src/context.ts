/** Everything the routes and controls of one emulator instance share. */
import type { EmulatorClock } from './clock.js';
import type { ClientRegistry } from './auth/clients.js';
import type { IssuedApiKeyLog } from './auth/issued-api-keys.js';
import type { ConnectorCatalog } from './connectors/catalog.js';
import type { DataStore } from './data/data-store.js';
import type { DeprecationSettings } from './deprecations.js';
import type { FaultQueue } from './faults.js';
import type { ItemStore } from './items/item-store.js';
import type { TokenSigner } from './jwt.js';
import type { RateLimiter } from './rate-limit.js';
import type { WebhookService } from './webhooks/index.js';

export interface EmulatorSettings {
  seed: number;
  strictWebhooks: boolean;
  stepDelayMs: number;
  expiredKeyStatus: 401 | 403;
}

export interface EmulatorContext {
  settings: EmulatorSettings;
  clock: EmulatorClock;
  /** The API's own origin (known once the server listens), for absolute links in webhook payloads. */
  apiUrl(): string;
  clients: ClientRegistry;
  signer: TokenSigner;
  /** API keys issued by POST /auth since start or reset (a test control reads them). */
  issuedApiKeys: IssuedApiKeyLog;
  connectors: ConnectorCatalog;
  items: ItemStore;
  data: DataStore;
  webhooks: WebhookService;
  faults: FaultQueue;
  /** Endpoints answering 410 as Pluggy does for some keys (test control). */
  deprecations: DeprecationSettings;
  /** PATCH /items/{id}: 20 per minute per source IP, whatever the item (pluggy.md section 6). */
  patchLimiter: RateLimiter;
  /** POST /auth: 360 per minute per source IP (pluggy.md section 6). */
  authLimiter: RateLimiter;
  log(line: string): void;
}
