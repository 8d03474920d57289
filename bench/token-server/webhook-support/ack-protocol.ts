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
