/** Sent on every POST: a cross-site HTML form cannot set a custom header, so the backend can reject forged requests. */
export const CSRF_HEADER_NAME = 'X-Requested-With';
export const CSRF_HEADER_VALUE = 'pluggy-connect-button';

export interface JsonPost {
  url: string;
  body: unknown;
  credentials: RequestCredentials;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** A server message longer than this is left out of error messages (an HTML page, a stack trace). */
const MAX_SERVER_MESSAGE_LENGTH = 200;

export interface HttpFailureDetails {
  status?: number;
  /** The answer's `Retry-After`, in ms. */
  retryAfterMs?: number;
  /** The `message` of the answer's JSON body, when it is short text. */
  serverMessage?: string;
  cause?: unknown;
}

/** Why one HTTP attempt failed: `network` and `timeout` never reached an answer; `status` did. */
export class HttpFailure extends Error {
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly serverMessage: string | undefined;

  constructor(
    readonly kind: 'network' | 'timeout' | 'status',
    message: string,
    details: HttpFailureDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'HttpFailure';
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.serverMessage = details.serverMessage;
  }

  /** Worth another attempt: no answer, an overloaded or failing server (5xx, 429), or a request timeout (408). */
  get retryable(): boolean {
    const status = this.status ?? 0;
    return this.kind !== 'status' || status >= 500 || status === 429 || status === 408;
  }
}

/** One POST with a JSON body and a timeout; resolves only for a 2xx answer. Aborting `signal` rejects with AbortError. */
export async function postJson(request: JsonPost): Promise<Response> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout.signal]) : timeout.signal;
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      credentials: request.credentials,
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        [CSRF_HEADER_NAME]: CSRF_HEADER_VALUE,
      },
      body: JSON.stringify(request.body),
      cache: 'no-store',
      signal,
    });
    if (!response.ok) {
      const failure = await statusFailure(request.url, response);
      request.signal?.throwIfAborted();
      throw failure;
    }
    return response;
  } catch (error) {
    if (error instanceof HttpFailure) throw error;
    if (request.signal?.aborted) throw request.signal.reason ?? error;
    if (timeout.signal.aborted) {
      throw new HttpFailure('timeout', `${request.url} did not answer within ${request.timeoutMs} ms`, {
        cause: error,
      });
    }
    throw new HttpFailure('network', `${request.url} could not be reached`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

async function statusFailure(url: string, response: Response): Promise<HttpFailure> {
  const serverMessage = await readServerMessage(response);
  return new HttpFailure(
    'status',
    `${url} answered ${response.status}${serverMessage ? `: ${serverMessage}` : ''}`,
    {
      status: response.status,
      retryAfterMs: parseRetryAfter(response.headers.get('Retry-After'), Date.now()),
      serverMessage,
    },
  );
}

/** The `message` of a JSON error body (`{code, message}`, Pluggy's shape and the kit's), when it is short text. */
async function readServerMessage(response: Response): Promise<string | undefined> {
  try {
    const { message } = (await response.json()) as { message?: unknown };
    const text = typeof message === 'string' ? message.trim() : '';
    return text && text.length <= MAX_SERVER_MESSAGE_LENGTH ? text : undefined;
  } catch {
    return undefined;
  }
}

/** `Retry-After` in ms: delay seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

export interface RetryPolicy {
  retries: number;
  backoffMs: number;
  /** The longest `Retry-After` worth waiting for; an answer asking for longer ends the attempts at once. */
  maxRetryAfterMs: number;
  signal?: AbortSignal;
}

/**
 * Runs `attempt` again while it fails with a retryable HttpFailure: after a growing, jittered pause, or after
 * the answer's `Retry-After` when that is longer.
 */
export async function withRetry<T>(attempt: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let tried = 0; ; tried += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof HttpFailure) || !error.retryable || tried >= policy.retries) throw error;
      const retryAfterMs = error.retryAfterMs ?? 0;
      if (retryAfterMs > policy.maxRetryAfterMs) throw error;
      const backoffMs = policy.backoffMs * 2 ** tried * (0.75 + Math.random() / 2);
      await pause(Math.max(backoffMs, retryAfterMs), policy.signal);
    }
  }
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
