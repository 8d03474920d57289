/**
 * The Pluggy API key of this process: fetched once, shared by every waiting request (single flight),
 * and renewed ahead of its expiry so no request ever carries a key that is about to die. A renewal that
 * fails while the current key is still good for a while is not an error: requests keep that key, and
 * renewal is tried again after a pause (not by every request). A failed `/auth` with no usable key is
 * not remembered: the next request tries again.
 */
import { decodeJwt } from 'jose';

export interface ApiKeyCacheOptions {
  /** Calls POST /auth and answers the new key. */
  authenticate(): Promise<string>;
  /** Renew this long before the key's `exp`. */
  renewBeforeMs: number;
  now: () => number;
}

export interface ApiKeyCache {
  /** A key valid for at least `renewBeforeMs` more. */
  get(): Promise<string>;
  /** Forgets `rejectedKey` (Pluggy answered 401/403 with it) so the next `get` authenticates again. */
  invalidate(rejectedKey: string): void;
}

// Pluggy documents a 2 h key; when a key carries no readable `exp`, assume the documented lifetime.
const DOCUMENTED_LIFETIME_MS = 2 * 60 * 60_000;
/** A key this close to `exp` is not handed out even when renewal fails: a call with retries lasts that long. */
export const LAST_USABLE_MS = 60_000;
/** After a failed renewal with the current key still usable, requests use it this long before trying again. */
export const RENEWAL_RETRY_MS = 15_000;

function expiryOf(key: string, issuedAt: number): number {
  try {
    const { exp } = decodeJwt(key);
    if (typeof exp === 'number') return exp * 1000;
  } catch {
    // Not a JWT: fall back to the documented lifetime.
  }
  return issuedAt + DOCUMENTED_LIFETIME_MS;
}

export function createApiKeyCache(options: ApiKeyCacheOptions): ApiKeyCache {
  let current: { key: string; renewAt: number; expiresAt: number } | undefined;
  let inFlight: Promise<string> | undefined;
  let nextRenewalAt = 0;

  const renew = (): Promise<string> => {
    inFlight ??= options
      .authenticate()
      .then((key) => {
        const expiresAt = expiryOf(key, options.now());
        current = { key, renewAt: expiresAt - options.renewBeforeMs, expiresAt };
        return key;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  return {
    get() {
      const now = options.now();
      if (current && now < current.renewAt) return Promise.resolve(current.key);
      const usable = current && now < current.expiresAt - LAST_USABLE_MS ? current.key : undefined;
      if (usable === undefined) return renew();
      if (now < nextRenewalAt) return Promise.resolve(usable);
      return renew().catch((error: unknown) => {
        nextRenewalAt = options.now() + RENEWAL_RETRY_MS;
        // Still usable, unless Pluggy rejected it meanwhile (invalidate).
        if (current && options.now() < current.expiresAt - LAST_USABLE_MS) return current.key;
        throw error;
      });
    },
    invalidate(rejectedKey) {
      if (current?.key === rejectedKey) current = undefined;
    },
  };
}
