/**
 * Waiting for another connection's write lock. SQLite's own busy handler sleeps 1, 2, 5, 10 … 100 ms between
 * tries, so a process that takes the lock again right after each commit (a worker process syncing an item)
 * kept a waiting webhook acknowledgement out for up to a second (bench: p99 998 ms with the worker in another
 * process). Trying again every fraction of a millisecond catches the gaps between its transactions.
 */
const pause = new Int32Array(new SharedArrayBuffer(4));
const FIRST_PAUSE_MS = 0.05;
const LONGEST_PAUSE_MS = 1;

const isBusy = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'SQLITE_BUSY';

/**
 * Runs `attempt` until it does not fail with SQLITE_BUSY, or `timeoutMs` has passed. Only while `canRetry()`:
 * a statement that failed outside a transaction took no effect, so running it again is safe.
 * Blocks the calling thread (the store's SQLite thread) while it waits, as SQLite's handler does.
 */
export function retryWhileBusy<T>(attempt: () => T, canRetry: () => boolean, timeoutMs: number): T {
  const deadline = performance.now() + timeoutMs;
  let pauseMs = FIRST_PAUSE_MS;
  for (;;) {
    try {
      return attempt();
    } catch (error) {
      if (!isBusy(error) || !canRetry() || performance.now() >= deadline) throw error;
      Atomics.wait(pause, 0, 0, pauseMs);
      pauseMs = Math.min(pauseMs * 2, LONGEST_PAUSE_MS);
    }
  }
}
