/**
 * Webhook acknowledgements before the worker. Syncing a year of transactions is mostly database work on the
 * event loop (libsql is synchronous; on PostgreSQL, query building and result parsing), so when the worker
 * runs in the server's process an acknowledgement waited behind its writes, for the connection and for the
 * CPU. Two rules, applied by both drivers (sqlite.ts, postgres.ts):
 * - while acknowledgements are in flight, every other query waits for them to be answered, at most
 *   MAX_DEFER_MS each, so the worker's leases are renewed and it always moves;
 * - on SQLite's one connection, the acknowledgements' own writes go before any waiting query.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** The longest a query waits for acknowledgements to settle. */
export const MAX_DEFER_MS = 250;

const urgentContext = new AsyncLocalStorage<true>();

/** Runs `work` with its queries marked urgent: they neither wait for acknowledgements nor queue behind others. */
export function urgently<T>(work: () => Promise<T>): Promise<T> {
  return urgentContext.run(true, work);
}

export const isUrgent = (): boolean => urgentContext.getStore() === true;

let acknowledgementsInFlight = 0;
const settledListeners = new Set<() => void>();

/** Marks a webhook delivery as being acknowledged; call the returned function once it is answered. */
export function trackAcknowledgement(): () => void {
  acknowledgementsInFlight += 1;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    acknowledgementsInFlight -= 1;
    if (acknowledgementsInFlight === 0) for (const listener of settledListeners) listener();
  };
}

/** Resolves once no acknowledgement is in flight, or after `maxDeferMs`. */
export function acknowledgementsSettled(maxDeferMs = MAX_DEFER_MS): Promise<void> {
  if (acknowledgementsInFlight === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const settled = () => {
      clearTimeout(timer);
      settledListeners.delete(settled);
      resolve();
    };
    const timer = setTimeout(settled, maxDeferMs);
    settledListeners.add(settled);
  });
}

/** One holder at a time; urgent waiters first, each group in arrival order. */
export class PriorityGate {
  private held = false;
  private readonly urgent: (() => void)[] = [];
  private readonly ordinary: (() => void)[] = [];

  acquire(urgent: boolean): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => (urgent ? this.urgent : this.ordinary).push(resolve));
  }

  release(): void {
    const next = this.urgent.shift() ?? this.ordinary.shift();
    if (next) next();
    else this.held = false;
  }
}
