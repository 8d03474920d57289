/** Transaction filters shared by v1 and v2 (dates, createdAtFrom, ids) and the v2 cursor. */
import { DAY_MS } from '../dates.js';
import { ApiError } from '../errors.js';
import { byNewestFirst } from './generate-transactions.js';
import type { Transaction } from './types.js';

export interface TransactionFilter {
  from?: number;
  /** Exclusive upper bound. */
  toExclusive?: number;
  createdAtFrom?: number;
  ids?: Set<string>;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** Pluggy caps `ids` at 500 per request. */
const MAX_IDS = 500;

function invalidQuery(name: string, message: string): ApiError {
  return new ApiError(400, `Query parameter ${name} ${message}`, undefined, [
    { code: 'invalid_value', parameter: name, message },
  ]);
}

/** `YYYY-MM-DD` or a full ISO date; `endOfDay` makes a date-only bound cover that whole day. */
export function parseDateParam(
  value: string | undefined,
  name: string,
  endOfDay = false,
): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalidQuery(name, 'must be a date (YYYY-MM-DD or an ISO 8601 date-time)');
  return endOfDay && DATE_ONLY.test(value) ? ms + DAY_MS : endOfDay ? ms + 1 : ms;
}

export function parseIds(value: string[] | undefined): Set<string> | undefined {
  if (!value) return undefined;
  if (value.length > MAX_IDS) throw invalidQuery('ids', `accepts at most ${MAX_IDS} ids`);
  return new Set(value);
}

export function filterTransactions(transactions: Transaction[], filter: TransactionFilter): Transaction[] {
  return transactions
    .filter((t) => filter.from === undefined || Date.parse(t.date) >= filter.from)
    .filter((t) => filter.toExclusive === undefined || Date.parse(t.date) < filter.toExclusive)
    .filter((t) => filter.createdAtFrom === undefined || Date.parse(t.createdAt) >= filter.createdAtFrom)
    .filter((t) => !filter.ids || filter.ids.has(t.id))
    .sort(byNewestFirst);
}

interface CursorKey {
  date: string;
  id: string;
}

export function encodeCursor(last: Transaction): string {
  return Buffer.from(JSON.stringify({ date: last.date, id: last.id } satisfies CursorKey)).toString(
    'base64url',
  );
}

export function decodeCursor(cursor: string): CursorKey {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorKey>;
    if (typeof key.date === 'string' && typeof key.id === 'string' && !Number.isNaN(Date.parse(key.date))) {
      return { date: key.date, id: key.id };
    }
  } catch {
    // Falls through to the 400 below.
  }
  throw new ApiError(400, 'Invalid cursor in the after parameter', 'invalidCursor');
}

/** The transactions that come after `key` in newest-first order (works even if `key` was deleted). */
export function afterCursor(sorted: Transaction[], key: CursorKey): Transaction[] {
  return sorted.filter((t) => byNewestFirst(t, { date: key.date, id: key.id } as Transaction) > 0);
}
