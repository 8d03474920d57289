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

/** Why one HTTP attempt failed: `network` and `timeout` never reached an answer; `status` did. */
export class HttpFailure extends Error {
  constructor(
    readonly kind: 'network' | 'timeout' | 'status',
    message: string,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'HttpFailure';
  }

  get retryable(): boolean {
    return this.kind !== 'status' || (this.status ?? 0) >= 500;
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
    if (!response.ok)
      throw new HttpFailure('status', `${request.url} answered ${response.status}`, response.status);
    return response;
  } catch (error) {
    if (error instanceof HttpFailure) throw error;
    if (request.signal?.aborted) throw request.signal.reason ?? error;
    if (timeout.signal.aborted) {
      throw new HttpFailure(
        'timeout',
        `${request.url} did not answer within ${request.timeoutMs} ms`,
        undefined,
        { cause: error },
      );
    }
    throw new HttpFailure('network', `${request.url} could not be reached`, undefined, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

export interface RetryPolicy {
  retries: number;
  backoffMs: number;
  signal?: AbortSignal;
}

/** Runs `attempt` again after a growing, jittered pause while it fails with a retryable HttpFailure. */
export async function withRetry<T>(attempt: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let tried = 0; ; tried += 1) {
    try {
      return await attempt();
    } catch (error) {
      const retryable = error instanceof HttpFailure && error.retryable;
      if (!retryable || tried >= policy.retries) throw error;
      await pause(policy.backoffMs * 2 ** tried * (0.75 + Math.random() / 2), policy.signal);
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
