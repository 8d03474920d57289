/**
 * A cap on deliveries per user on the per-token webhook path. A user can read their own signed path, and
 * each forged `item/updated` for their item would make the worker re-read it and sync its data at Pluggy,
 * spending this server's Pluggy rate limits (counted per source IP, shared by every user). Real traffic is
 * a few events per item run, far below the cap; Pluggy retries a refused delivery later.
 * Counted per process, in express-rate-limit's memory store (fixed one-minute windows).
 */
import { MemoryStore, type Options } from 'express-rate-limit';

const WINDOW_MS = 60_000;

export interface ScopedDeliveryLimit {
  /** Counts a delivery for `userId`: undefined when allowed, else the seconds until the window resets. */
  hit(userId: string): Promise<number | undefined>;
}

export function createScopedDeliveryLimit(perMinute: number): ScopedDeliveryLimit {
  if (!Number.isInteger(perMinute) || perMinute < 1)
    throw new TypeError(`scopedDeliveriesPerMinute must be a positive integer, got ${perMinute}.`);
  const store = new MemoryStore();
  // The store reads only `windowMs` (its timer is unref'd: it never holds the process open).
  store.init({ windowMs: WINDOW_MS } as Options);
  return {
    async hit(userId) {
      const { totalHits, resetTime } = await store.increment(userId);
      if (totalHits <= perMinute) return undefined;
      const resetsIn = (resetTime?.getTime() ?? Date.now() + WINDOW_MS) - Date.now();
      return Math.max(1, Math.ceil(resetsIn / 1000));
    },
  };
}
