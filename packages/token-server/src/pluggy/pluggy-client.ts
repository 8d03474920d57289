/**
 * `createPluggyClient`: the process's one way to Pluggy. A small typed client over `fetch` rather than a
 * wrapper of `pluggy-sdk`'s `PluggyClient`, because that client renews its API key only after it has
 * expired, makes one `/auth` per cold concurrent request and waits out long `Retry-After`s; the types
 * still come from `pluggy-sdk`. See README "Pluggy access".
 */
import type { CursorPageResponse, PageResponse } from 'pluggy-sdk';
import { createApiKeyCache } from './api-key-cache.js';
import type {
  Account,
  ConnectTokenRequest,
  Item,
  PluggyApi,
  Transaction,
  TransactionFilters,
  Webhook,
  WebhookEvent,
} from './pluggy-api.js';
import { send, type PluggyLogger, type PluggyRequest, type RequestContext } from './request.js';
import { isEndpointDeprecated, isV1TransactionList, v2EquivalentOf } from './v1-transactions.js';

export interface PluggyClientOptions {
  clientId: string;
  clientSecret: string;
  /** API root. Default `https://api.pluggy.ai` (the emulator's `apiUrl` offline). */
  baseUrl?: string;
  /** Per attempt. Default 10 000 ms. */
  timeoutMs?: number;
  /** A 429 asking to wait longer than this fails at once (callers answer 503 + Retry-After). Default 5 000 ms. */
  maxRetryAfterMs?: number;
  /** Extra attempts after 429, and after 5xx or network errors for calls safe to repeat. Default 2. */
  retries?: number;
  /** Renew the API key this long before its expiry. Default 5 min (also the minimum). */
  renewBeforeMs?: number;
  /** Injectable for tests and instrumentation. Default the global fetch. */
  fetch?: typeof fetch;
  logger?: PluggyLogger;
  now?: () => number;
}

export const DEFAULT_PLUGGY_API_URL = 'https://api.pluggy.ai';
const MIN_RENEW_BEFORE_MS = 5 * 60_000;
const PAGE_SIZE = 500;

export function createPluggyClient(options: PluggyClientOptions): PluggyApi {
  if (!options.clientId || !options.clientSecret)
    throw new TypeError('createPluggyClient needs clientId and clientSecret.');
  const now = options.now ?? Date.now;
  const context: RequestContext = {
    baseUrl: new URL(options.baseUrl ?? DEFAULT_PLUGGY_API_URL),
    timeoutMs: options.timeoutMs ?? 10_000,
    retries: options.retries ?? 2,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 5_000,
    fetch: options.fetch ?? fetch,
    logger: options.logger,
    now,
  };
  const keys = createApiKeyCache({
    now,
    renewBeforeMs: Math.max(options.renewBeforeMs ?? MIN_RENEW_BEFORE_MS, MIN_RENEW_BEFORE_MS),
    authenticate: async () => {
      const { apiKey } = await send<{ apiKey: string }>(context, {
        method: 'POST',
        path: '/auth',
        body: { clientId: options.clientId, clientSecret: options.clientSecret },
        idempotent: true,
      });
      return apiKey;
    },
  });
  const call = <T>(request: PluggyRequest) => send<T>(context, request, keys);
  const get = <T>(path: string) => call<T>({ method: 'GET', path, idempotent: true });

  async function allPages<T>(path: string, query: URLSearchParams): Promise<T[]> {
    const results: T[] = [];
    for (let page = 1; ; page += 1) {
      query.set('page', String(page));
      const body = await get<PageResponse<T>>(`${path}?${query.toString()}`);
      results.push(...body.results);
      if (page >= (body.totalPages ?? 1) || body.results.length === 0) return results;
    }
  }

  /** Follows a page chain that may be either shape: `{page, totalPages}` or a cursor `{next}`. */
  async function followLink<T>(first: string): Promise<T[]> {
    const results: T[] = [];
    let next: string | null = first;
    while (next) {
      const body: Partial<PageResponse<T> & CursorPageResponse<T>> = await get(next);
      results.push(...(body.results ?? []));
      if (typeof body.next === 'string' || body.next === null) {
        next = body.next ? pathWithinApi(context.baseUrl, body.next) : null;
      } else {
        const page = body.page ?? 1;
        if (page >= (body.totalPages ?? 1) || !body.results?.length) break;
        const url: URL = new URL(next, 'http://relative.invalid');
        url.searchParams.set('page', String(page + 1));
        next = `${url.pathname}${url.search}`;
      }
    }
    return results;
  }

  // Pluggy retires v1 GET /transactions per API key (410 ENDPOINT_DEPRECATED). One client serves one key
  // for the whole process, so once v1 has answered 410 every later v1 link goes straight to v2.
  let v1TransactionsGone = false;

  /** A link as Pluggy gave it; a v1 transaction list falls back to the same query on v2 once v1 is gone. */
  async function followTransactionsLink(link: string): Promise<Transaction[]> {
    const path = pathWithinApi(context.baseUrl, link);
    if (!isV1TransactionList(path)) return followLink<Transaction>(path);
    const onV2 = () => followLink<Transaction>(withPageSize(v2EquivalentOf(path)));
    if (v1TransactionsGone) return onV2();
    try {
      return await followLink<Transaction>(path);
    } catch (error) {
      if (!isEndpointDeprecated(error)) throw error;
      // Concurrent calls may all meet the 410: say it once.
      if (!v1TransactionsGone)
        context.logger?.warn(
          { call: 'GET /transactions' },
          'Pluggy v1 transactions answered 410 ENDPOINT_DEPRECATED: using GET /v2/transactions from now on',
        );
      v1TransactionsGone = true;
      // Pages read before the 410 are fetched again on v2: upserts by id make that harmless.
      return onV2();
    }
  }

  return {
    async createConnectToken(request: ConnectTokenRequest) {
      const { itemId, ...tokenOptions } = request;
      const options = Object.fromEntries(
        Object.entries(tokenOptions).filter(([, value]) => value !== undefined),
      );
      // Minting a token twice is harmless (an unused token just expires), so it may be repeated.
      return call<{ accessToken: string }>({
        method: 'POST',
        path: '/connect_token',
        body: itemId ? { itemId, options } : { options },
        idempotent: true,
      });
    },
    fetchItem: (itemId) => get<Item>(`/items/${encodeURIComponent(itemId)}`),
    // A PATCH starts a sync at the bank: never repeated after an answer that may have been lost.
    updateItem: (itemId) =>
      call<Item>({
        method: 'PATCH',
        path: `/items/${encodeURIComponent(itemId)}`,
        body: {},
        idempotent: false,
      }),
    async deleteItem(itemId) {
      await call({ method: 'DELETE', path: `/items/${encodeURIComponent(itemId)}`, idempotent: true });
    },
    fetchAccounts: (itemId) =>
      allPages<Account>('/accounts', new URLSearchParams({ itemId, pageSize: String(PAGE_SIZE) })),
    fetchTransactions: (accountId, filters: TransactionFilters = {}) =>
      followLink<Transaction>(`/v2/transactions?${transactionQuery(accountId, filters).toString()}`),
    fetchTransactionsByLink: followTransactionsLink,
    async listWebhooks() {
      const body = await get<PageResponse<Webhook> | Webhook[]>('/webhooks');
      return Array.isArray(body) ? body : body.results;
    },
    createWebhook: (event: WebhookEvent, url: string, headers?: Record<string, string>) =>
      call<Webhook>({
        method: 'POST',
        path: '/webhooks',
        body: headers ? { event, url, headers } : { event, url },
        idempotent: false,
      }),
    async deleteWebhook(webhookId) {
      await call({ method: 'DELETE', path: `/webhooks/${encodeURIComponent(webhookId)}`, idempotent: true });
    },
  };
}

/** Asks for Pluggy's largest page when the link did not choose a size: fewer round trips. */
function withPageSize(path: string): string {
  const url = new URL(path, 'http://relative.invalid');
  if (!url.searchParams.has('pageSize')) url.searchParams.set('pageSize', String(PAGE_SIZE));
  return `${url.pathname}${url.search}`;
}

function transactionQuery(accountId: string, filters: TransactionFilters): URLSearchParams {
  const query = new URLSearchParams({ accountId, pageSize: String(PAGE_SIZE) });
  if (filters.from) query.set('dateFrom', filters.from);
  if (filters.to) query.set('dateTo', filters.to);
  if (filters.createdAtFrom) query.set('createdAtFrom', filters.createdAtFrom);
  if (filters.ids?.length) query.set('ids', filters.ids.join(','));
  return query;
}

/**
 * The API-relative path of a link Pluggy handed us (absolute or relative). A link to any other host is
 * refused: following it would send the API key there.
 */
export function pathWithinApi(baseUrl: URL, link: string): string {
  const url = new URL(link, baseUrl);
  if (url.origin !== baseUrl.origin)
    throw new Error(
      `Refusing to follow a Pluggy link to another host (${url.origin}); the API key would leak.`,
    );
  const root = baseUrl.pathname.replace(/\/+$/, '');
  const path = root && url.pathname.startsWith(root) ? url.pathname.slice(root.length) : url.pathname;
  return `${path}${url.search}`;
}
