/**
 * Endpoints Pluggy has retired for some API keys (pluggy.md §4: v1 `GET /transactions` answers 410
 * `ENDPOINT_DEPRECATED`). Off by default; a test control turns them on so clients can prove they cope.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from './errors.js';

export interface Deprecations {
  /** v1 `GET /transactions` (the list; `GET /transactions/{id}` keeps working) answers 410. */
  v1Transactions: boolean;
}

export interface DeprecationSettings {
  current(): Deprecations;
  set(next: Deprecations): Deprecations;
  reset(): void;
}

const NONE: Deprecations = { v1Transactions: false };

export const V1_TRANSACTIONS_DEPRECATED_MESSAGE =
  'This endpoint is deprecated. Use GET /v2/transactions with cursor pagination instead.';

export function createDeprecationSettings(): DeprecationSettings {
  let settings: Deprecations = { ...NONE };
  return {
    current: () => ({ ...settings }),
    set(next) {
      settings = { ...next };
      return { ...settings };
    },
    reset: () => void (settings = { ...NONE }),
  };
}

/** Pluggy's answer, with a fresh `errorId` each time as in the reported responses. */
export const v1TransactionsDeprecated = (): ApiError =>
  new ApiError(410, V1_TRANSACTIONS_DEPRECATED_MESSAGE, 'ENDPOINT_DEPRECATED', undefined, {}, randomUUID());
