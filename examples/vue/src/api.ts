// The site's own backend (the token server mounted at /api). State-changing calls carry the CSRF header
// the server requires; errors come back as {code, message} and are thrown as ApiError.
import type { Account, Item, SiteConfig, TransactionPage } from './types';

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

/** List routes answer Pluggy's {results} envelope. */
interface Results<T> {
  results: T[];
}
const itemPath = (id: string) => `/items/${encodeURIComponent(id)}`;

export const TRANSACTIONS_PAGE_SIZE = 20;

export const api = {
  session: () => request<{ user: string | null }>('GET', '/session'),
  signIn: (user: string) => request<unknown>('POST', '/session', { user }),
  signOut: () => request<unknown>('DELETE', '/session'),
  items: async () => (await request<Results<Item>>('GET', '/items')).results,
  recordItem: (itemId: string) => request<unknown>('POST', '/items', { itemId }),
  item: (id: string) => request<Item>('GET', itemPath(id)),
  accounts: async (id: string) =>
    (await request<Results<Account>>('GET', `${itemPath(id)}/accounts`)).results,
  /** One page of transactions, newest first, with where it sits among all pages. */
  transactions: (id: string, page = 1) =>
    request<TransactionPage>(
      'GET',
      `${itemPath(id)}/transactions?page=${page}&pageSize=${TRANSACTIONS_PAGE_SIZE}`,
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
