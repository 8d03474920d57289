/** `startEmulator(options)`: the API (+ test controls) on `port` and the Connect page on `connectPort`. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiApp } from './app.js';
import { DEV_CLIENT, createClientRegistry, type ClientCredentials } from './auth/clients.js';
import { createClock, type EmulatorClock } from './clock.js';
import { createConnectControls } from './connect-page/controls.js';
import { createConnectPageApp } from './connect-page/server.js';
import { createConnectorCatalog } from './connectors/catalog.js';
import type { EmulatorContext } from './context.js';
import { createEmulatorControls, type EmulatorControls } from './controls/emulator-controls.js';
import { createControlsRouter } from './controls/controls-router.js';
import { createDeprecationSettings, type Deprecations } from './deprecations.js';
import { createIssuedApiKeyLog, type IssuedApiKey } from './auth/issued-api-keys.js';
import { createDataStore } from './data/data-store.js';
import { createFaultQueue } from './faults.js';
import { createItemExecution } from './items/execution.js';
import { createItemStore } from './items/item-store.js';
import { createTokenSigner } from './jwt.js';
import { createRateLimiter } from './rate-limit.js';
import { createWebhookService } from './webhooks/index.js';

export interface EmulatorOptions {
  /** API port; 0 (default) picks a free one. */
  port?: number;
  /** Connect page port; 0 (default) picks a free one. */
  connectPort?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Client pairs accepted by POST /auth besides the dev pair. */
  clients?: ClientCredentials[];
  /** Seed of the generated ids and data; default 1. */
  seed?: number;
  /** Pluggy's strict webhook URL rules (default false: loopback http receivers are allowed too). */
  strictWebhooks?: boolean;
  /** Emulator-clock ms between item execution steps; default 20. */
  stepDelayMs?: number;
  /** Status for missing, invalid or expired keys; default 403 (pluggy.md §11). */
  expiredKeyStatus?: 401 | 403;
  logger?: (line: string) => void;
}

export interface Emulator {
  /** `http://HOST:PORT`, no trailing slash: PLUGGY_API_URL for the SDK. */
  apiUrl: string;
  /** Origin of the Connect page (the SDK's `url` prop). */
  connectUrl: string;
  clientId: string;
  clientSecret: string;
  clock: EmulatorClock;
  controls: EmulatorControls;
  /** Turns Pluggy's per-key deprecations on or off (same as `POST /__emulator/deprecations`); reset clears them. */
  setDeprecations(deprecations: Deprecations): Deprecations;
  /** API keys issued by `POST /auth` since start or reset, newest first (`GET /__emulator/api-keys`). */
  issuedApiKeys(): IssuedApiKey[];
  stop(): Promise<void>;
}

const DEFAULT_STEP_DELAY_MS = 20;

async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost =
    host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  return `http://${shownHost}:${address.port}`;
}

async function close(server: Server): Promise<void> {
  if (!server.listening) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1';
  const log = options.logger ?? (() => {});
  const clock = createClock();
  const seed = options.seed ?? 1;
  const strictWebhooks = options.strictWebhooks ?? false;
  let apiUrl = '';

  const ctx: EmulatorContext = {
    settings: {
      seed,
      strictWebhooks,
      stepDelayMs: options.stepDelayMs ?? DEFAULT_STEP_DELAY_MS,
      expiredKeyStatus: options.expiredKeyStatus ?? 403,
    },
    clock,
    apiUrl: () => apiUrl,
    clients: createClientRegistry(options.clients ?? []),
    signer: createTokenSigner(clock),
    issuedApiKeys: createIssuedApiKeyLog(),
    connectors: createConnectorCatalog(),
    items: createItemStore(seed),
    data: createDataStore(seed),
    webhooks: createWebhookService({ clock, strictUrls: strictWebhooks }),
    faults: createFaultQueue(),
    deprecations: createDeprecationSettings(),
    patchLimiter: createRateLimiter(clock, 20, 60_000),
    authLimiter: createRateLimiter(clock, 360, 60_000),
    log,
  };
  const connect = createConnectControls();
  const controls = createEmulatorControls(ctx, connect);
  const execution = createItemExecution(ctx);
  const apiServer = createServer(createApiApp(ctx, execution, createControlsRouter(ctx, controls, connect)));
  const connectServer = createServer();

  try {
    apiUrl = await listen(apiServer, options.port ?? 0, host);
    connectServer.on('request', createConnectPageApp({ apiUrl }));
    const connectUrl = await listen(connectServer, options.connectPort ?? 0, host);
    return {
      apiUrl,
      connectUrl,
      clientId: DEV_CLIENT.clientId,
      clientSecret: DEV_CLIENT.clientSecret,
      clock,
      controls,
      setDeprecations: (deprecations) => controls.setDeprecations(deprecations),
      issuedApiKeys: () => controls.issuedApiKeys(),
      async stop() {
        clock.clear();
        await ctx.webhooks.stop();
        await Promise.all([close(apiServer), close(connectServer)]);
      },
    };
  } catch (error) {
    await Promise.all([close(apiServer), close(connectServer)]);
    await ctx.webhooks.stop();
    throw error;
  }
}
