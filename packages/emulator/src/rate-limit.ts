/**
 * Fixed windows on the emulator clock, one per key (the source IP), as Pluggy counts its limits:
 * `POST /auth` 360 and `PATCH /items/{id}` 20 per minute per source IP (pluggy.md §6).
 */
import type { EmulatorClock } from './clock.js';

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

export interface RateLimiter {
  hit(key: string): RateLimitResult;
  clear(): void;
}

export function createRateLimiter(clock: EmulatorClock, limit: number, windowMs: number): RateLimiter {
  const windows = new Map<string, { startMs: number; count: number }>();
  return {
    hit(key) {
      const now = clock.now();
      let window = windows.get(key);
      if (!window || now - window.startMs >= windowMs) {
        window = { startMs: now, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      return {
        allowed: window.count <= limit,
        limit,
        remaining: Math.max(0, limit - window.count),
        resetSeconds: Math.max(1, Math.ceil((window.startMs + windowMs - now) / 1000)),
      };
    },
    clear: () => windows.clear(),
  };
}
