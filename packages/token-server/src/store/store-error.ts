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
