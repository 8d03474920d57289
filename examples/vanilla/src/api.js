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

export const TRANSACTIONS_PAGE_SIZE = 20;

export const api = {
  session: () => request('GET', '/session'),
  signIn: (user) => request('POST', '/session', { user }),
  signOut: () => request('DELETE', '/session'),
  items: async () => (await request('GET', '/items')).results,
  recordItem: (itemId) => request('POST', '/items', { itemId }),
  item: (id) => request('GET', `/items/${encodeURIComponent(id)}`),
  accounts: async (id) => (await request('GET', `/items/${encodeURIComponent(id)}/accounts`)).results,
  /** One page of transactions, newest first: {results, page, totalPages, total}. */
  transactions: (id, page = 1) =>
    request(
      'GET',
      `/items/${encodeURIComponent(id)}/transactions?page=${page}&pageSize=${TRANSACTIONS_PAGE_SIZE}`,
    ),
  refresh: (id) => request('POST', `/items/${encodeURIComponent(id)}/refresh`, {}),
  remove: (id) => request('DELETE', `/items/${encodeURIComponent(id)}`),
};
