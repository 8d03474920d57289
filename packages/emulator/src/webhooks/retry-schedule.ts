/**
 * Pluggy's delivery schedule (pluggy.md §5.4, §11): 3 immediate tries, 3 more about 1 h later, 3 more
 * about 2 h after that, 9 at most. The hour gaps run on the emulator clock so tests can `advance()`.
 */
export const ATTEMPTS_PER_BATCH = 3;
export const MAX_ATTEMPTS = 9;
export const HOUR_MS = 3_600_000;

/** Gap before the 2nd and 3rd try of a batch: short, so a flapping receiver gets a real second chance. */
export const IMMEDIATE_RETRY_GAPS_MS = [50, 100] as const;

/** Pause before each later batch, counted from the last failed try of the previous batch. */
export const BATCH_GAPS_MS = [HOUR_MS, 2 * HOUR_MS] as const;

/** Emulator-clock ms to wait after failed attempt `attempt` (1-based), or null when no try is left. */
export function delayBeforeRetry(attempt: number): number | null {
  if (attempt >= MAX_ATTEMPTS) return null;
  const positionInBatch = (attempt - 1) % ATTEMPTS_PER_BATCH;
  if (positionInBatch < ATTEMPTS_PER_BATCH - 1) return IMMEDIATE_RETRY_GAPS_MS[positionInBatch] ?? null;
  const finishedBatch = Math.floor((attempt - 1) / ATTEMPTS_PER_BATCH);
  return BATCH_GAPS_MS[finishedBatch] ?? null;
}

/** Success is a 2xx; a 401 means the receiver rejects us for good, so it is not retried either. */
export function shouldRetry(outcome: { status?: number | undefined }): boolean {
  const { status } = outcome;
  if (status === undefined) return true;
  return !(status >= 200 && status < 300) && status !== 401;
}
