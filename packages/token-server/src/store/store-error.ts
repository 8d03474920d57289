/** A storage failure with a stable code callers can map (e.g. to 503 or 409). */
export type StoreErrorCode = 'STORE_UNAVAILABLE' | 'ITEM_OWNED_BY_ANOTHER_USER' | 'STORE_CONFIG_INVALID';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// Driver errors that mean "the database cannot be used right now" (not "this query is wrong"):
// PostgreSQL connection/shutdown SQLSTATEs, a dropped database, socket errors, SQLite lock and open failures,
// and the store's SQLite thread gone.
const UNAVAILABLE_CODES = new Set([
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  '3D000',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|driver has already been destroyed|the SQLite thread exited/i;

/** True when an error from the store means it is unreachable (answer 503 and retry), not a bug. */
export function isStoreUnavailable(error: unknown): boolean {
  if (error instanceof StoreError) return error.code === 'STORE_UNAVAILABLE';
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) ||
    (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message))
  );
}
