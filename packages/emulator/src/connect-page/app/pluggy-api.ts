/// <reference lib="dom" />
/** The Pluggy API calls the Connect page makes, authenticated with the connect token (`X-API-KEY`). */
import type { ApiErrorBody, Connector, Item, PageResponse } from './pluggy-types.js';

export class PluggyApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | undefined,
  ) {
    super(body?.message ?? `Pluggy API answered ${status}`);
    this.name = 'PluggyApiError';
  }

  /** The connect token was refused (expired, invalid or out of its scope). */
  get isTokenRejected(): boolean {
    return this.status === 401 || this.status === 403;
  }

  /** Worth retrying: rate limited, server or network trouble. */
  get isTransient(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export interface ConnectorQuery {
  sandbox: boolean;
  countries: string[] | undefined;
  types: string[] | undefined;
}

export interface ItemWrite {
  parameters: Record<string, string>;
  products?: string[];
}

export interface PluggyApi {
  listConnectors(query: ConnectorQuery): Promise<Connector[]>;
  getConnector(id: number): Promise<Connector>;
  getItem(id: string): Promise<Item>;
  createItem(connectorId: number, write: ItemWrite): Promise<Item>;
  updateItem(id: string, write: ItemWrite): Promise<Item>;
  sendMfa(id: string, answer: Record<string, string>): Promise<Item>;
}

// Pluggy's GET /connectors is paged; more than this many pages means something is wrong.
const MAX_CONNECTOR_PAGES = 20;

export function createPluggyApi(apiUrl: string, connectToken: string): PluggyApi {
  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${apiUrl}${path}`, {
        method,
        headers: {
          'X-API-KEY': connectToken,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new PluggyApiError(0, { message: `Could not reach the Pluggy API at ${apiUrl}` });
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) throw new PluggyApiError(response.status, parsed as ApiErrorBody | undefined);
    return parsed as T;
  }

  return {
    async listConnectors({ sandbox, countries, types }) {
      const connectors: Connector[] = [];
      for (let page = 1; page <= MAX_CONNECTOR_PAGES; page += 1) {
        const query = new URLSearchParams({ sandbox: String(sandbox), page: String(page) });
        if (countries) query.set('countries', countries.join(','));
        if (types) query.set('types', types.join(','));
        const result = await request<PageResponse<Connector>>('GET', `/connectors?${query.toString()}`);
        connectors.push(...result.results);
        if (!result.totalPages || page >= result.totalPages) break;
      }
      return connectors;
    },
    getConnector: (id) => request('GET', `/connectors/${id}`),
    getItem: (id) => request('GET', `/items/${encodeURIComponent(id)}`),
    createItem: (connectorId, write) => request('POST', '/items', { connectorId, ...write }),
    updateItem: (id, write) => request('PATCH', `/items/${encodeURIComponent(id)}`, write),
    sendMfa: (id, answer) => request('POST', `/items/${encodeURIComponent(id)}/mfa`, answer),
  };
}
