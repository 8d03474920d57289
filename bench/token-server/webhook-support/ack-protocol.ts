/** What webhook-ack.ts and its child server (ack-server.ts) agree on. */

export const BENCH_SECRET = 'bench-webhook-secret-0123456789';

/** Written by the child to RESULT_FILE after it has drained. */
export interface AckServerResult {
  /** Handler runs that reached the end, per eventId. */
  completions: Record<string, number>;
  /** Failed handler runs (scheduled for another attempt). */
  retries: number;
}

/** `server`: receiver and worker in one process (the CLI); `receiver` and `worker`: the two split apart. */
export type AckRole = 'server' | 'receiver' | 'worker';

/** What webhook-ack.ts asks of its load generator (ack-load.ts). */
export interface LoadSpec {
  url: string;
  /** Prefix of the eventIds: one run per store. */
  name: string;
  rate: number;
  duration: number;
  warmupSeconds: number;
  bodies: ({ event: string } & Record<string, unknown>)[];
}

/** Written by ack-load.ts to LOAD_RESULT: latencies of the measured run, answers of the warm-up and the run. */
export interface LoadResult {
  /** Requests due over the measured run (rate x duration). */
  planned: number;
  /** Of those, answered. */
  requests: number;
  requestsPerSecond: number;
  /** Milliseconds from each request's due time to its answer. */
  p50: number;
  p99: number;
  max: number;
  /** Socket errors and timeouts. */
  errors: number;
  /** The eventIds answered 200. */
  acknowledged: string[];
  redeliveriesAnsweredDuplicate: number;
  /** Non-200 answers by status. */
  refusals: Record<string, number>;
  /** Acknowledged events by type. */
  mix: Record<string, number>;
}
