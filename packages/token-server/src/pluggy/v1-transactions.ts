/**
 * Pluggy's v1 `GET /transactions` is deprecated: some API keys get 410 `ENDPOINT_DEPRECATED` from it
 * (pluggy.md §4), yet `createdTransactionsLink` in transactions/created still points at it. These helpers
 * recognise that answer and turn a v1 list link into the same query on `GET /v2/transactions`.
 */
import { PluggyApiError } from './pluggy-api.js';

const V1_LIST_PATH = '/transactions';
const V2_LIST_PATH = '/v2/transactions';

/** v1 filters and their v2 names; `page` has no v2 equivalent (v2 pages by cursor). */
const V1_TO_V2_PARAMS: Record<string, string> = {
  accountId: 'accountId',
  from: 'dateFrom',
  to: 'dateTo',
  createdAtFrom: 'createdAtFrom',
  ids: 'ids',
  pageSize: 'pageSize',
};

export function isEndpointDeprecated(error: unknown): boolean {
  return (
    error instanceof PluggyApiError && error.status === 410 && error.codeDescription === 'ENDPOINT_DEPRECATED'
  );
}

/** True for an API-relative path (with query) of the v1 transaction list. */
export function isV1TransactionList(path: string): boolean {
  return new URL(path, 'http://relative.invalid').pathname === V1_LIST_PATH;
}

/**
 * The v2 path asking for what the v1 list path `path` asks for. v2 refuses `dateFrom` together with
 * `createdAtFrom`; when a v1 link carries both, `createdAtFrom` wins: the answer is then a superset
 * (older-dated transactions ingested since), which is harmless because transactions are upserted by id.
 */
export function v2EquivalentOf(path: string): string {
  const v1 = new URL(path, 'http://relative.invalid').searchParams;
  const v2 = new URLSearchParams();
  for (const [name, value] of v1) {
    const renamed = V1_TO_V2_PARAMS[name];
    if (renamed) v2.set(renamed, value);
  }
  if (v2.has('createdAtFrom')) v2.delete('dateFrom');
  return `${V2_LIST_PATH}?${v2.toString()}`;
}
