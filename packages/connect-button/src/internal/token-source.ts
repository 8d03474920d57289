import { PluggyConnectError, isAbortError } from './errors.js';
import { HttpFailure, postJson, withRetry } from './http.js';
import { jwtExpiryMs } from './jwt.js';

/** What a host's `fetchToken` property receives. */
export interface FetchTokenContext {
  itemId?: string;
  signal: AbortSignal;
}
export type FetchTokenCallback = (context: FetchTokenContext) => Promise<string>;

/** Where tokens come from; `key` changes whenever the source or the item changes, which drops the cached token. */
export interface TokenProvider {
  key: string;
  fixed: boolean;
  fetch(signal: AbortSignal): Promise<{ accessToken: string; expiresAt?: number }>;
}

/** A token with less than this left is never handed to the widget (the user needs time to finish). */
export const MIN_TOKEN_LIFETIME_MS = 60_000;
/** Pluggy connect tokens last 30 minutes; assumed when the token says nothing about its expiry. */
const ASSUMED_LIFETIME_MS = 30 * 60_000;
const RETRY_BACKOFF_MS = 250;

interface CachedToken {
  key: string;
  fixed: boolean;
  accessToken: string;
  expiresAtMs: number;
}

/**
 * Hands out connect tokens: one request however many callers wait (single flight), cached until it nears
 * its expiry or a connection finishes with it, abortable when the element leaves the page.
 */
export class TokenSource {
  private cached: CachedToken | undefined;
  private inFlight: { key: string; promise: Promise<string>; controller: AbortController } | undefined;
  private consumedFixedKey: string | undefined;

  constructor(private readonly now: () => number = () => Date.now()) {}

  get(provider: TokenProvider): Promise<string> {
    if (this.cached?.key === provider.key && this.isFresh(this.cached))
      return Promise.resolve(this.cached.accessToken);
    if (this.inFlight?.key === provider.key) return this.inFlight.promise;
    if (provider.fixed && this.consumedFixedKey === provider.key) {
      return Promise.reject(
        expired(
          'connect-token was already used by a finished connection or refused by the widget; set a new one (or use token-url)',
          false,
        ),
      );
    }
    this.abort();
    const controller = new AbortController();
    const promise = this.fetchFresh(provider, controller.signal).finally(() => {
      if (this.inFlight?.promise === promise) this.inFlight = undefined;
    });
    this.inFlight = { key: provider.key, promise, controller };
    return promise;
  }

  /** A connection finished with the current token, or the widget refused it: never hand it out again. */
  consume(): void {
    if (this.cached?.fixed) this.consumedFixedKey = this.cached.key;
    this.cached = undefined;
  }

  /** Cancels the request in flight (its callers get an AbortError). */
  abort(): void {
    this.inFlight?.controller.abort(new DOMException('The element left the page', 'AbortError'));
    this.inFlight = undefined;
  }

  private async fetchFresh(provider: TokenProvider, signal: AbortSignal): Promise<string> {
    const { accessToken, expiresAt } = await provider.fetch(signal);
    const expiresAtMs = jwtExpiryMs(accessToken) ?? expiresAt ?? this.now() + ASSUMED_LIFETIME_MS;
    const token = { key: provider.key, fixed: provider.fixed, accessToken, expiresAtMs };
    if (!this.isFresh(token)) {
      throw provider.fixed
        ? expired('connect-token has expired (or expires within 60 s); set a fresh one', false)
        : expired(
            'the backend returned a connect token that expires within 60 s; check its clock and token lifetime',
            true,
          );
    }
    if (!signal.aborted) this.cached = token;
    return accessToken;
  }

  private isFresh(token: CachedToken): boolean {
    return token.expiresAtMs - this.now() > MIN_TOKEN_LIFETIME_MS;
  }
}

function expired(message: string, retryable: boolean): PluggyConnectError {
  return new PluggyConnectError({ code: 'TOKEN_EXPIRED', phase: 'token', message, retryable });
}

export function fixedTokenProvider(token: string): TokenProvider {
  return { key: `fixed:${token}`, fixed: true, fetch: async () => ({ accessToken: token }) };
}

export interface UrlTokenOptions {
  url: string;
  itemId?: string;
  credentials: RequestCredentials;
  timeoutMs: number;
}

/**
 * `POST url {itemId?}` -> `{accessToken, expiresAt?}`, with a timeout and one retry on network errors, 408,
 * 429 and 5xx; a `Retry-After` is waited for when it fits in the timeout, else the attempt fails at once.
 */
export function urlTokenProvider(options: UrlTokenOptions): TokenProvider {
  return {
    key: `url:${options.url}|${options.credentials}|${options.itemId ?? ''}`,
    fixed: false,
    async fetch(signal) {
      const body = options.itemId ? { itemId: options.itemId } : {};
      try {
        const response = await withRetry(
          () =>
            postJson({
              url: options.url,
              body,
              credentials: options.credentials,
              timeoutMs: options.timeoutMs,
              signal,
            }),
          { retries: 1, backoffMs: RETRY_BACKOFF_MS, maxRetryAfterMs: options.timeoutMs, signal },
        );
        return await readTokenBody(response, options.url);
      } catch (error) {
        throw toTokenError(error, `token-url (${options.url})`);
      }
    },
  };
}

/** The host's own `fetchToken(ctx)`; only a timeout is added (its retries are the host's call). */
export function callbackTokenProvider(
  callback: FetchTokenCallback,
  itemId: string | undefined,
  timeoutMs: number,
): TokenProvider {
  return {
    key: `callback:${callbackId(callback)}|${itemId ?? ''}`,
    fixed: false,
    async fetch(signal) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new HttpFailure('timeout', `fetchToken did not settle within ${timeoutMs} ms`)),
          timeoutMs,
        );
      });
      const aborted = new Promise<never>((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
      );
      try {
        const token = await Promise.race([
          callback({ ...(itemId ? { itemId } : {}), signal }),
          timedOut,
          aborted,
        ]);
        if (typeof token !== 'string' || !token)
          throw new TypeError('fetchToken must resolve to a connect token string');
        return { accessToken: token };
      } catch (error) {
        throw toTokenError(error, 'fetchToken');
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

const callbackIds = new WeakMap<FetchTokenCallback, number>();
let lastCallbackId = 0;
function callbackId(callback: FetchTokenCallback): number {
  if (!callbackIds.has(callback)) callbackIds.set(callback, (lastCallbackId += 1));
  return callbackIds.get(callback) ?? 0;
}

async function readTokenBody(
  response: Response,
  url: string,
): Promise<{ accessToken: string; expiresAt?: number }> {
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    throw new PluggyConnectError({
      code: 'TOKEN_FETCH_FAILED',
      phase: 'token',
      message: `token-url (${url}) did not answer JSON; it must answer {"accessToken": "..."}`,
      retryable: false,
      cause: error,
    });
  }
  const { accessToken, expiresAt } = (body ?? {}) as { accessToken?: unknown; expiresAt?: unknown };
  if (typeof accessToken !== 'string' || !accessToken) {
    throw new PluggyConnectError({
      code: 'TOKEN_FETCH_FAILED',
      phase: 'token',
      message: `token-url (${url}) answered without an accessToken; it must answer {"accessToken": "..."}`,
      retryable: false,
    });
  }
  const expiresAtMs =
    typeof expiresAt === 'number' ? expiresAt : typeof expiresAt === 'string' ? Date.parse(expiresAt) : NaN;
  return Number.isFinite(expiresAtMs) ? { accessToken, expiresAt: expiresAtMs } : { accessToken };
}

function toTokenError(error: unknown, source: string): unknown {
  if (error instanceof PluggyConnectError || isAbortError(error)) return error;
  const http = error instanceof HttpFailure ? error : undefined;
  const status = http ? http.status : (error as { status?: unknown } | null)?.status;
  if (status === 401 || status === 403) {
    const said = http?.serverMessage ? ` (${http.serverMessage})` : '';
    return new PluggyConnectError({
      code: 'UNAUTHENTICATED',
      phase: 'token',
      message: `${source} answered ${status}${said}: the user is not signed in (or may not connect this item)`,
      retryable: false,
      cause: error,
    });
  }
  const retryAfter = http?.retryAfterMs === undefined ? '' : ` (Retry-After: ${http.retryAfterMs / 1000} s)`;
  return new PluggyConnectError({
    code: 'TOKEN_FETCH_FAILED',
    phase: 'token',
    message: `${source} failed: ${error instanceof Error ? error.message : String(error)}${retryAfter}`,
    retryable: http ? http.retryable : true,
    retryAfterMs: http?.retryAfterMs,
    cause: error,
  });
}
