/** One webhook POST over node:http(s), with no connection pooling so stop() leaves no sockets behind. */
import http from 'node:http';
import https from 'node:https';

export interface PostOutcome {
  status?: number;
  error?: string;
  durationMs: number;
}

function describeError(error: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `TIMEOUT: no complete answer within ${timeoutMs} ms`;
  if (error instanceof Error && error.name === 'AbortError')
    return 'ABORTED: the emulator was reset or stopped';
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'ERROR';
  return `${code}: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * POSTs `body` and waits for the whole answer. Counts as answered only if the status line and the body
 * both arrive within `timeoutMs` (Pluggy: a 2xx within 5 s). `signal` aborts it early (reset/stop).
 */
export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: { timeoutMs: number; signal: AbortSignal },
): Promise<PostOutcome> {
  const started = performance.now();
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([timeout, options.signal]);
  const client = url.startsWith('https:') ? https : http;

  return new Promise((resolve) => {
    const finish = (outcome: Omit<PostOutcome, 'durationMs'>) =>
      resolve({ ...outcome, durationMs: Math.round(performance.now() - started) });
    const fail = (error: unknown) =>
      finish({ error: describeError(error, timeout.aborted, options.timeoutMs) });

    let request: http.ClientRequest;
    try {
      request = client.request(url, {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent: false,
        signal,
      });
    } catch (error) {
      fail(error);
      return;
    }
    request.on('error', fail);
    request.on('response', (response) => {
      response.on('error', fail);
      response.on('end', () => finish({ status: response.statusCode ?? 0 }));
      response.on('close', () => {
        if (!response.complete) fail(new Error('the connection closed before the answer ended'));
      });
      response.resume();
    });
    request.end(body);
  });
}
