/**
 * How a failed Pluggy call reaches the browser: a stable code, a status the client can act on, a
 * `Retry-After` when waiting helps, and never Pluggy's own body (it may name internals).
 */
import { PluggyApiError } from '../pluggy/pluggy-api.js';
import { HttpError } from './http-error.js';

const DEFAULT_RETRY_AFTER_SECONDS = 5;

export function fromPluggyError(error: PluggyApiError): HttpError {
  if (error.status === 429) {
    const seconds = String(error.retryAfterSeconds ?? 60);
    return new HttpError(
      503,
      'PLUGGY_RATE_LIMITED',
      'Pluggy is limiting requests right now; try again after the Retry-After delay.',
      undefined,
      { 'Retry-After': seconds },
    );
  }
  if (error.retryable) {
    return new HttpError(
      502,
      'PLUGGY_UNAVAILABLE',
      'Pluggy did not answer in time or failed; try again shortly.',
      undefined,
      { 'Retry-After': String(DEFAULT_RETRY_AFTER_SECONDS) },
    );
  }
  return new HttpError(502, 'PLUGGY_REJECTED', `Pluggy refused the request (HTTP ${error.status}).`);
}
