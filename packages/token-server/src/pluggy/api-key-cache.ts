/**
 * The Pluggy API key of this process: fetched once, shared by every waiting request (single flight),
 * and renewed ahead of its expiry so no request ever carries a key that is about to die. A failed
 * `/auth` is not remembered: the next request tries again.
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
  let current: { key: string; renewAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  const renew = (): Promise<string> => {
    inFlight ??= options
      .authenticate()
      .then((key) => {
        const expiresAt = expiryOf(key, options.now());
        current = { key, renewAt: expiresAt - options.renewBeforeMs };
        return key;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  return {
    get() {
      if (current && options.now() < current.renewAt) return Promise.resolve(current.key);
      return renew();
    },
    invalidate(rejectedKey) {
      if (current?.key === rejectedKey) current = undefined;
    },
  };
}
