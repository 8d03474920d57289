/** Delay before retry number `attempt` (1 = after the first failure): exponential from 5 s, capped at 30 min. */
export function exponentialBackoff(attempt: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempt - 1), 30 * 60_000);
}
