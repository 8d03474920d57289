/* global fetch */
// The site's own backend (the token server mounted at /api). Every state-changing call carries the
// CSRF header the server requires; errors come back as {code, message} and are thrown as ApiError.

export class ApiError extends Error {
  constructor(code, message, status) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }
}

async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-Requested-With'] = 'pluggy-connect-button';
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
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
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(
      data?.code ?? `HTTP_${response.status}`,
      data?.message ?? `The server answered ${response.status}.`,
      response.status,
    );
  }
  return data;
}

/** Pages may come back as a bare array or as Pluggy's {results} envelope. */
const rows = (data) => (Array.isArray(data) ? data : (data?.results ?? []));

export const TRANSACTIONS_PAGE_SIZE = 20;

/** One page of transactions, newest first, with where it sits among all pages. */
function transactionPage(data, page) {
  const results = rows(data);
  return {
    results,
    page: data?.page ?? page,
    totalPages: data?.totalPages ?? 1,
    total: data?.total ?? results.length,
  };
}

export const api = {
  session: () => request('GET', '/session'),
  signIn: (user) => request('POST', '/session', { user }),
  signOut: () => request('DELETE', '/session'),
  items: async () => rows(await request('GET', '/items')),
  recordItem: (itemId) => request('POST', '/items', { itemId }),
  item: (id) => request('GET', `/items/${encodeURIComponent(id)}`),
  accounts: async (id) => rows(await request('GET', `/items/${encodeURIComponent(id)}/accounts`)),
  transactions: async (id, page = 1) =>
    transactionPage(
      await request(
        'GET',
        `/items/${encodeURIComponent(id)}/transactions?page=${page}&pageSize=${TRANSACTIONS_PAGE_SIZE}`,
      ),
      page,
    ),
  refresh: (id) => request('POST', `/items/${encodeURIComponent(id)}/refresh`, {}),
  remove: (id) => request('DELETE', `/items/${encodeURIComponent(id)}`),
};
