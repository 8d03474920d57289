/** When and how long the Pluggy client waits before another attempt. */

/** Full-jitter exponential backoff: a random wait up to 200 ms, 400 ms, 800 ms ... capped at 2 s. */
export function jitteredBackoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(200 * 2 ** attempt, 2_000);
  return Math.round(random() * ceiling);
}

/** `Retry-After` in milliseconds (delta seconds or an HTTP date), or undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
