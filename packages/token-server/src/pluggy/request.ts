/**
 * One Pluggy call with the rules every call needs: a timeout per attempt, the API key attached (and one
 * fresh key after a 401/403), `Retry-After` honoured up to a cap, 5xx and network errors retried with
 * jittered backoff only when the caller says the call is safe to repeat, and every failure turned into
 * a `PluggyApiError` that never carries a secret, a key or a token.
 */
import { PluggyApiError } from './pluggy-api.js';
import type { ApiKeyCache } from './api-key-cache.js';
import { jitteredBackoffMs, retryAfterMs, sleep } from './retry-policy.js';

const MIN_429_WAIT_MS = 1_000;

export interface PluggyLogger {
  warn(details: object, message: string): void;
}

export interface RequestContext {
  baseUrl: URL;
  timeoutMs: number;
  retries: number;
  maxRetryAfterMs: number;
  fetch: typeof fetch;
  logger?: PluggyLogger;
  now: () => number;
}

export interface PluggyRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path with its query, relative to the API root, e.g. `/accounts?itemId=...`. */
  path: string;
  body?: unknown;
  /** True when repeating the call after a 5xx or a lost answer cannot do anything twice. */
  idempotent: boolean;
}

type Attempt =
  | { kind: 'ok'; body: unknown }
  | { kind: 'rejected-key' }
  | { kind: 'retry'; afterMs: number; error: PluggyApiError }
  | { kind: 'fail'; error: PluggyApiError };

/** The URL of `path` under the API root (keeps a base path such as `https://host/pluggy`). */
export function urlFor(baseUrl: URL, path: string): URL {
  const root = baseUrl.pathname.replace(/\/+$/, '');
  return new URL(`${root}${path}`, baseUrl.origin);
}

function describe(request: PluggyRequest): string {
  return `${request.method} ${request.path.split('?')[0]}`;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorFrom(request: PluggyRequest, status: number, body: unknown, retryAfterSeconds?: number) {
  const fields = (body ?? {}) as { message?: unknown; codeDescription?: unknown };
  const detail = typeof fields.message === 'string' ? `: ${fields.message.slice(0, 200)}` : '';
  const code = typeof fields.codeDescription === 'string' ? fields.codeDescription : undefined;
  return new PluggyApiError(
    `Pluggy ${describe(request)} answered ${status}${detail}`,
    status,
    code,
    retryAfterSeconds,
  );
}

async function attempt(
  context: RequestContext,
  request: PluggyRequest,
  apiKey: string | undefined,
  attemptNumber: number,
): Promise<Attempt> {
  const canRepeat = attemptNumber < context.retries;
  let response: Response;
  try {
    response = await context.fetch(urlFor(context.baseUrl, request.path), {
      method: request.method,
      headers: {
        accept: 'application/json',
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(apiKey ? { 'x-api-key': apiKey } : {}),
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(context.timeoutMs),
    });
  } catch (cause) {
    const timedOut = (cause as Error).name === 'TimeoutError';
    const error = new PluggyApiError(
      `Pluggy ${describe(request)} ${timedOut ? `timed out after ${context.timeoutMs} ms` : 'could not be reached'}`,
      0,
      undefined,
      undefined,
      { cause },
    );
    if (request.idempotent && canRepeat)
      return { kind: 'retry', afterMs: jitteredBackoffMs(attemptNumber), error };
    return { kind: 'fail', error };
  }

  const body = await readJson(response);
  if (response.ok) return { kind: 'ok', body };
  if ((response.status === 401 || response.status === 403) && apiKey) return { kind: 'rejected-key' };
  if (response.status === 429) {
    // Pluggy refused before acting, so waiting and repeating is safe for any call, within the cap.
    // A 429 means "slow down": a Retry-After of 0 would only earn another one at once, so 1 s at least.
    const asked = retryAfterMs(response.headers.get('retry-after'), context.now());
    const waitMs = asked === undefined ? undefined : Math.max(asked, MIN_429_WAIT_MS);
    const error = errorFrom(request, 429, body, Math.ceil((waitMs ?? 60_000) / 1000));
    if (!canRepeat || (waitMs ?? 0) > context.maxRetryAfterMs) return { kind: 'fail', error };
    return { kind: 'retry', afterMs: waitMs ?? jitteredBackoffMs(attemptNumber), error };
  }
  const error = errorFrom(request, response.status, body);
  if (response.status >= 500 && request.idempotent && canRepeat)
    return { kind: 'retry', afterMs: jitteredBackoffMs(attemptNumber), error };
  return { kind: 'fail', error };
}

/**
 * Sends `request`; with `keys`, it carries the API key (renewed once if Pluggy rejects it), without
 * (POST /auth itself) it carries none.
 */
export async function send<T>(
  context: RequestContext,
  request: PluggyRequest,
  keys?: ApiKeyCache,
): Promise<T> {
  let keyRenewed = false;
  for (let attemptNumber = 0; ;) {
    const apiKey = keys ? await keys.get() : undefined;
    const result = await attempt(context, request, apiKey, attemptNumber);
    switch (result.kind) {
      case 'ok':
        return result.body as T;
      case 'rejected-key':
        if (keyRenewed) throw new PluggyApiError(`Pluggy ${describe(request)} rejected a fresh API key`, 403);
        keyRenewed = true;
        keys!.invalidate(apiKey!);
        continue;
      case 'retry':
        context.logger?.warn(
          { call: describe(request), status: result.error.status, retryInMs: result.afterMs },
          'Pluggy call failed, retrying',
        );
        await sleep(result.afterMs);
        attemptNumber += 1;
        continue;
      case 'fail':
        throw result.error;
    }
  }
}
