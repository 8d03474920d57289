import type { PluggyConnectError, PluggyErrorCode, PluggyErrorPhase } from '../internal/errors.js';
import type { PluggyItem } from '../internal/item.js';

export interface PluggyErrorDetail {
  code: PluggyErrorCode;
  message: string;
  phase: PluggyErrorPhase;
  retryable: boolean;
  item?: PluggyItem;
  /** TOKEN_FETCH_FAILED, CALLBACK_FAILED: the server's `Retry-After` (ms), when its last answer had one. */
  retryAfterMs?: number;
}

/** `pluggy-error`: something failed; `detail.code` says what and the README says what to do. */
export type PluggyErrorEvent = CustomEvent<PluggyErrorDetail>;

export function createErrorEvent(error: PluggyConnectError): PluggyErrorEvent {
  const detail: PluggyErrorDetail = {
    code: error.code,
    message: error.message,
    phase: error.phase,
    retryable: error.retryable,
    ...(error.item ? { item: error.item } : {}),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
  };
  return new CustomEvent('pluggy-error', { detail, bubbles: true, composed: true });
}
