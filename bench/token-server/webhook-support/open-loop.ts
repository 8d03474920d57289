/**
 * An open-loop load generator: request i is due at start + i / rate, whatever happened to the earlier ones,
 * and its latency counts from that due time (so a server, or a generator, that falls behind shows in the
 * numbers instead of lowering the rate: no coordinated omission).
 *
 * Why not autocannon's `overallRate`: each connection there sends its per-second quota back to back as soon
 * as a one-second tick resets it, so "500 requests/s" arrives as a 500-request burst at the start of every
 * second, and the latency measured is how long that burst queues (with a 1 ms "expected interval" added as
 * corrected samples). Pluggy's deliveries are not synchronised to the second.
 */
import { build } from 'hdr-histogram-js';
import { Pool } from 'undici';

export interface OpenLoopRequest<Context> {
  body: string;
  headers: Record<string, string>;
  context: Context;
}

export interface OpenLoopOptions<Context> {
  origin: string;
  path: string;
  rate: number;
  durationSeconds: number;
  /** Sockets to the server; a due request waits for a free one (and that wait counts). */
  connections: number;
  nextRequest(): OpenLoopRequest<Context>;
  onResponse(status: number, body: string, context: Context): void;
  /** Per request. Default 10 000 ms. */
  timeoutMs?: number;
}

export interface OpenLoopResult {
  planned: number;
  /** Answered (any status). */
  completed: number;
  /** Socket errors and timeouts. */
  errors: number;
  /** Of the answered requests, from due time to the end of the response body. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Answered requests per second of the run. */
  completedPerSecond: number;
}

const round = (microseconds: number) => Math.round(microseconds / 100) / 10;

export async function runOpenLoop<Context>(options: OpenLoopOptions<Context>): Promise<OpenLoopResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pool = new Pool(options.origin, {
    connections: options.connections,
    pipelining: 1,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  // Microseconds, up to 60 s.
  const latencies = build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000 });
  const planned = Math.round(options.rate * options.durationSeconds);
  const intervalMs = 1000 / options.rate;
  let completed = 0;
  let errors = 0;
  const inFlight = new Set<Promise<void>>();

  async function send(dueAt: number, request: OpenLoopRequest<Context>): Promise<void> {
    try {
      const response = await pool.request({
        method: 'POST',
        path: options.path,
        headers: request.headers,
        body: request.body,
      });
      const body = await response.body.text();
      latencies.recordValue(Math.max(1, Math.round((performance.now() - dueAt) * 1000)));
      completed += 1;
      options.onResponse(response.statusCode, body, request.context);
    } catch {
      errors += 1;
    }
  }

  const start = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < planned && start + sent * intervalMs <= now) {
        const task = send(start + sent * intervalMs, options.nextRequest());
        inFlight.add(task);
        void task.finally(() => inFlight.delete(task));
        sent += 1;
      }
      if (sent < planned) setTimeout(tick, Math.max(0, start + sent * intervalMs - performance.now()));
      else resolve();
    };
    tick();
  });
  await Promise.all(inFlight);
  const elapsedSeconds = (performance.now() - start) / 1000;
  await pool.close();
  const result: OpenLoopResult = {
    planned,
    completed,
    errors,
    p50Ms: round(latencies.getValueAtPercentile(50)),
    p99Ms: round(latencies.getValueAtPercentile(99)),
    maxMs: round(latencies.maxValue),
    completedPerSecond: completed / elapsedSeconds,
  };
  latencies.destroy();
  return result;
}
