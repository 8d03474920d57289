// The site's own backend (the token server mounted at /api). State-changing calls carry the CSRF header
// the server requires; errors come back as {code, message} and are thrown as ApiError.
import type { Account, Item, SiteConfig, Transaction, TransactionPage } from './types';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-Requested-With'] = 'pluggy-connect-button';
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('NETWORK_ERROR', 'The server could not be reached. Check your connection.', 0);
  }
  const data = (await response.json().catch(() => null)) as { code?: string; message?: string } | null;
  if (!response.ok) {
    throw new ApiError(
      data?.code ?? `HTTP_${response.status}`,
      data?.message ?? `The server answered ${response.status}.`,
      response.status,
    );
  }
  return data as T;
}

/** Pages may come back as a bare array or as Pluggy's {results} envelope. */
const rows = <T>(data: T[] | { results?: T[] }): T[] => (Array.isArray(data) ? data : (data.results ?? []));
const itemPath = (id: string) => `/items/${encodeURIComponent(id)}`;

export const TRANSACTIONS_PAGE_SIZE = 20;

type PageEnvelope<T> = T[] | { results?: T[]; page?: number; totalPages?: number; total?: number };

/** One page of transactions with where it sits among all pages. */
function transactionPage(data: PageEnvelope<Transaction>, page: number): TransactionPage {
  const results = rows(data);
  if (Array.isArray(data)) return { results, page, totalPages: 1, total: results.length };
  return {
    results,
    page: data.page ?? page,
    totalPages: data.totalPages ?? 1,
    total: data.total ?? results.length,
  };
}

export const api = {
  session: () => request<{ user: string | null }>('GET', '/session'),
  signIn: (user: string) => request<unknown>('POST', '/session', { user }),
  signOut: () => request<unknown>('DELETE', '/session'),
  items: async () => rows(await request<Item[] | { results: Item[] }>('GET', '/items')),
  recordItem: (itemId: string) => request<unknown>('POST', '/items', { itemId }),
  item: (id: string) => request<Item>('GET', itemPath(id)),
  accounts: async (id: string) => rows(await request<Account[]>('GET', `${itemPath(id)}/accounts`)),
  transactions: async (id: string, page = 1) =>
    transactionPage(
      await request<PageEnvelope<Transaction>>(
        'GET',
        `${itemPath(id)}/transactions?page=${page}&pageSize=${TRANSACTIONS_PAGE_SIZE}`,
      ),
      page,
    ),
  refresh: (id: string) => request<unknown>('POST', `${itemPath(id)}/refresh`, {}),
  remove: (id: string) => request<unknown>('DELETE', itemPath(id)),
};

/** Optional deployment config next to the page; without it the element uses Pluggy's own Connect page. */
export async function loadSiteConfig(): Promise<SiteConfig> {
  try {
    const response = await fetch('./pluggy-config.json', { cache: 'no-store' });
    return response.ok ? ((await response.json()) as SiteConfig) : {};
  } catch {
    return {};
  }
}
