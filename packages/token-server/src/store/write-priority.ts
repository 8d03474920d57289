/**
 * Webhook acknowledgements before the worker, on this process's SQLite connection. Syncing a year of
 * transactions is mostly SQLite work on the event loop (libsql is synchronous), so when the worker runs in
 * the server's process, an acknowledgement waited behind its writes, for the connection and for the CPU.
 * Here, while acknowledgements are in flight, the worker's queries wait (at most MAX_DEFER_MS each, so
 * leases are renewed and the worker always moves), and the acknowledgements' own writes jump the queue.
 * On PostgreSQL (a pool) only the second half applies: the worker's queries wait the same way.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** The longest a worker query waits for acknowledgements to settle. */
export const MAX_DEFER_MS = 250;

const urgentContext = new AsyncLocalStorage<true>();

/** Runs `work` with its queries marked urgent: they take the connection before any other waiter. */
export function urgently<T>(work: () => Promise<T>): Promise<T> {
  return urgentContext.run(true, work);
}

export const isUrgent = (): boolean => urgentContext.getStore() === true;

let acknowledgementsInFlight = 0;
const idleListeners = new Set<() => void>();

/** Marks a webhook delivery as being acknowledged; call the returned function once it is answered. */
export function trackAcknowledgement(): () => void {
  acknowledgementsInFlight += 1;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    acknowledgementsInFlight -= 1;
    if (acknowledgementsInFlight === 0) for (const listener of idleListeners) listener();
  };
}

/**
 * For a pool (PostgreSQL), where queries do not queue on one connection: resolves once no acknowledgement
 * is in flight, or after `maxDeferMs`. The worker's query building and result parsing then give way too.
 */
export function acknowledgementsSettled(maxDeferMs = MAX_DEFER_MS): Promise<void> {
  if (acknowledgementsInFlight === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const settled = () => {
      clearTimeout(timer);
      idleListeners.delete(settled);
      resolve();
    };
    const timer = setTimeout(settled, maxDeferMs);
    idleListeners.add(settled);
  });
}

interface Waiter {
  resolve(): void;
  since: number;
}

/** One holder at a time: urgent waiters first, then the others once no acknowledgement is in flight. */
export class PriorityGate {
  private held = false;
  private readonly urgent: Waiter[] = [];
  private readonly ordinary: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly onIdle = () => this.dispatch();

  constructor(private readonly maxDeferMs = MAX_DEFER_MS) {
    idleListeners.add(this.onIdle);
  }

  acquire(): Promise<void> {
    return new Promise((resolve) => {
      (isUrgent() ? this.urgent : this.ordinary).push({ resolve, since: Date.now() });
      this.dispatch();
    });
  }

  release(): void {
    this.held = false;
    this.dispatch();
  }

  close(): void {
    idleListeners.delete(this.onIdle);
    clearTimeout(this.timer);
  }

  private dispatch(): void {
    if (this.held) return;
    const next = this.urgent.shift() ?? this.nextOrdinary();
    if (next) {
      this.held = true;
      next.resolve();
    }
  }

  private nextOrdinary(): Waiter | undefined {
    const head = this.ordinary[0];
    if (!head) return undefined;
    const overdueAt = head.since + this.maxDeferMs;
    if (acknowledgementsInFlight === 0 || Date.now() >= overdueAt) return this.ordinary.shift();
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.dispatch();
      }, overdueAt - Date.now());
    }
    return undefined;
  }
}
