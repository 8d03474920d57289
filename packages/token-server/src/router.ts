/**
 * `createPluggyRouter`: the whole backend half as one Express router. Webhooks first (no CORS, their own
 * body parsing and secret check), then the browser routes behind CORS, the Origin/CSRF guard, JSON-only
 * bodies and the host's `getUser`.
 */
import express, { type RequestHandler, type Router } from 'express';
import type { Logger } from 'pino';
import { createChangeFeed, type ChangeFeed } from './changes.js';
import { corsAllowlist } from './http/cors.js';
import { errorHandler } from './http/error-handler.js';
import { HttpError } from './http/http-error.js';
import { jsonBody } from './http/json-body.js';
import { originGuard } from './http/origin-guard.js';
import { sandboxAllowedByDefault } from './domain/sandbox-policy.js';
import { oauthRedirectProblem } from './http/oauth-redirect.js';
import { normalizeOrigins } from './http/origins.js';
import { createRateLimits, type RateLimitOptions } from './http/rate-limits.js';
import { requireUser, type GetUser } from './http/require-user.js';
import { resolveTokenWebhookUrl, type PluggyTarget } from './http/token-webhook-url.js';
import { tokenWebhookPath } from './webhooks/token-webhook-path.js';
import { isLoopbackUrl } from './http/webhook-url-rules.js';
import { createLogger } from './logger.js';
import type { PluggyApi } from './pluggy/pluggy-api.js';
import { createPluggyClient, DEFAULT_PLUGGY_API_URL } from './pluggy/pluggy-client.js';
import { connectTokenRoutes } from './routes/connect-token.js';
import { eventRoutes } from './routes/events.js';
import { itemActionRoutes } from './routes/item-actions.js';
import { itemDataRoutes } from './routes/item-data.js';
import { itemRoutes } from './routes/items.js';
import type { RouteContext } from './routes/route-context.js';
import { openStore, type OpenStoreOptions, type Store } from './store/index.js';
import {
  createWebhookReceiver,
  startWorker,
  type WebhookHooks,
  type Worker,
  type WorkerOptions,
} from './webhooks/index.js';

export interface PluggyCredentials {
  clientId: string;
  clientSecret: string;
  /** Default https://api.pluggy.ai; the emulator's apiUrl offline. */
  apiUrl?: string;
}

export type WorkerSettings = Partial<
  Omit<WorkerOptions, 'store' | 'pluggy' | 'hooks' | 'changes' | 'logger' | 'allowSandboxConnectors'>
>;

export interface PluggyRouterOptions {
  /** The site's authentication: the signed-in user's id, or null. Never read from a body. */
  getUser: GetUser;
  /** A PluggyApi (e.g. from createPluggyClient), or credentials for the router to create one. */
  pluggy: PluggyApi | PluggyCredentials;
  /**
   * Where a PluggyApi given as `pluggy` points (with credentials, their `apiUrl` is used): decides which
   * webhook URL rules `publicUrl` must meet. Unset, only what no Pluggy accepts is refused.
   */
  pluggyApiUrl?: string;
  /** A Store, or how to open one (SQLite file by default; `databaseUrl` for PostgreSQL). */
  store?: Store | OpenStoreOptions;
  /** Origins allowed to call from a browser (CORS + server-side Origin check). Same-origin always passes. */
  allowedOrigins: string[];
  /**
   * The site's public base URL, e.g. https://shop.example.com (builds the per-token webhook URL). With
   * Pluggy's API it must meet Pluggy's webhook URL rules (https, port 443, a public domain name); with a
   * loopback emulator, loopback http(s) is fine too. Otherwise createPluggyRouter throws PublicUrlError.
   * Unset (a site with no public address yet, e.g. a laptop without a tunnel): tokens carry no webhook
   * URL, so Pluggy can deliver no webhooks and connected items' data does not sync.
   */
  publicUrl?: string;
  /** Where the router is mounted. Default '/api'. */
  basePath?: string;
  /** Webhook secrets: the current one first, then older ones while a rotation overlaps. */
  webhookSecrets: string[];
  /**
   * Base of the per-token webhook URL (checked like publicUrl), to which each user's signed path
   * `/u/<user>/<signature>` is appended: default `${publicUrl}${basePath}/webhooks`; false for none.
   */
  tokenWebhookUrl?: string | false;
  /**
   * Where users land after an Open Finance (OAuth) bank login: an https URL (not localhost) or an app deep
   * link. Put on every connect token by the server, never taken from a request. Default none.
   */
  oauthRedirectUri?: string;
  /**
   * Accept items of Pluggy's sandbox connectors (`isSandbox`). Default true unless NODE_ENV is
   * `production`: there POST /items refuses them (422) and their webhooks are ignored.
   */
  allowSandboxConnectors?: boolean;
  hooks?: WebhookHooks;
  logger?: Logger;
  /** Run the inbox worker in this process (default true), optionally with settings. */
  worker?: boolean | WorkerSettings;
  rateLimit?: RateLimitOptions;
  /** Keep-alive comment interval of GET /events. Default 15 000 ms. */
  eventsPingMs?: number;
  /** Shared change feed (e.g. to publish from elsewhere). Default a new one. */
  changes?: ChangeFeed;
}

export interface PluggyRouter extends Router {
  /** Resolves when the store is open and the worker started; rejects if the store cannot open. */
  ready: Promise<void>;
  /** True while the store answers and the router is not closing. */
  isReady(): Promise<boolean>;
  /** Ends every open GET /events stream (servers call it first when draining, so connections can close). */
  closeStreams(): void;
  /** Readiness false, SSE streams end, the worker finishes in-flight events, the store closes (if ours). */
  close(options?: { deadlineMs?: number }): Promise<void>;
  readonly store: Store | undefined;
  readonly changes: ChangeFeed;
  readonly pluggy: PluggyApi;
}

const isPluggyApi = (value: PluggyRouterOptions['pluggy']): value is PluggyApi =>
  typeof (value as PluggyApi).createConnectToken === 'function';
const isStore = (value: PluggyRouterOptions['store']): value is Store =>
  typeof (value as Store | undefined)?.ping === 'function';

function storeUnavailable(): HttpError {
  return new HttpError(503, 'STORE_UNAVAILABLE', 'Storage is not ready; try again shortly.', undefined, {
    'Retry-After': '5',
  });
}

export function createPluggyRouter(options: PluggyRouterOptions): PluggyRouter {
  const logger = options.logger ?? createLogger();
  const allowed = normalizeOrigins(options.allowedOrigins);
  const secrets = options.webhookSecrets.filter((secret) => secret !== '');
  if (secrets.length === 0) throw new TypeError('createPluggyRouter needs at least one webhook secret.');
  const basePath = options.basePath ?? '/api';
  const pluggyOption = options.pluggy;
  const apiUrl = isPluggyApi(pluggyOption)
    ? options.pluggyApiUrl
    : (pluggyOption.apiUrl ?? DEFAULT_PLUGGY_API_URL);
  const target: PluggyTarget =
    apiUrl === undefined ? 'unknown' : isLoopbackUrl(apiUrl) ? 'emulator' : 'pluggy';
  // Checked before anything starts: a URL Pluggy cannot deliver to is a configuration error.
  const webhookBase = resolveTokenWebhookUrl({
    publicUrl: options.publicUrl,
    basePath,
    target,
    configured: options.tokenWebhookUrl,
  });
  const redirectProblem =
    options.oauthRedirectUri === undefined ? null : oauthRedirectProblem(options.oauthRedirectUri);
  if (redirectProblem) throw new TypeError(`createPluggyRouter: oauthRedirectUri ${redirectProblem}.`);
  const pluggy = isPluggyApi(pluggyOption)
    ? pluggyOption
    : createPluggyClient({ ...pluggyOption, baseUrl: pluggyOption.apiUrl ?? DEFAULT_PLUGGY_API_URL, logger });
  const changes = options.changes ?? createChangeFeed();
  const allowSandboxConnectors = options.allowSandboxConnectors ?? sandboxAllowedByDefault();

  let store: Store | undefined;
  let receiver: RequestHandler | undefined;
  let worker: Worker | undefined;
  let closing = false;
  const cleanups = new Set<() => void>();

  const ready = (async () => {
    store = isStore(options.store) ? options.store : await openStore(options.store ?? {});
    receiver = createWebhookReceiver({
      store,
      secrets,
      logger,
      scopedDeliveriesPerMinute: options.rateLimit?.webhooksPerUserPerMinute,
    });
    if (options.worker !== false && !closing) {
      const settings = typeof options.worker === 'object' ? options.worker : {};
      worker = startWorker({
        ...settings,
        store,
        pluggy,
        hooks: options.hooks,
        changes,
        logger,
        allowSandboxConnectors,
      });
    }
  })();
  ready.catch((error: unknown) => logger.error({ err: error }, 'the store could not be opened'));

  const context: RouteContext = {
    pluggy,
    changes,
    hooks: options.hooks ?? {},
    logger,
    limits: createRateLimits(options.rateLimit),
    tokenWebhookUrl: (userId) =>
      webhookBase === undefined ? undefined : `${webhookBase}/${tokenWebhookPath(secrets[0]!, userId)}`,
    oauthRedirectUri: options.oauthRedirectUri,
    allowSandboxConnectors,
    store() {
      if (!store || closing) throw storeUnavailable();
      return store;
    },
    onClose(cleanup) {
      cleanups.add(cleanup);
      return () => cleanups.delete(cleanup);
    },
  };

  const receive: RequestHandler = (req, res, next) => {
    if (!receiver || closing) return next(storeUnavailable());
    return receiver(req, res, next);
  };

  const router = express.Router() as PluggyRouter;
  router.post('/webhooks', receive);
  router.post('/webhooks/u/:user/:signature', receive);
  router.use(corsAllowlist(allowed));
  router.use(context.limits.anyByIp);
  router.use(originGuard(allowed));
  router.use(jsonBody());
  router.use(requireUser(options.getUser));
  // Every answer below is one user's data (tokens, items, accounts, transactions): no cache may keep it.
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(connectTokenRoutes(context));
  router.use(itemRoutes(context));
  router.use(itemDataRoutes(context));
  router.use(itemActionRoutes(context));
  router.use(eventRoutes(context, options.eventsPingMs ?? 15_000));
  router.use(errorHandler(logger));

  const ownsStore = !isStore(options.store);
  Object.defineProperties(router, {
    ready: { value: ready },
    store: { get: () => store },
    changes: { value: changes },
    pluggy: { value: pluggy },
  });
  router.isReady = async () => {
    if (closing || !store) return false;
    return store.ping().then(
      () => true,
      () => false,
    );
  };
  router.closeStreams = () => {
    for (const cleanup of [...cleanups]) cleanup();
  };
  router.close = async ({ deadlineMs = 10_000 } = {}) => {
    if (closing) return;
    closing = true;
    router.closeStreams();
    await ready.catch(() => undefined);
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, deadlineMs).unref());
    await Promise.race([worker?.stop(), deadline]);
    if (ownsStore)
      await store?.close().catch((error: unknown) => logger.warn({ err: error }, 'store close failed'));
  };
  return router;
}
