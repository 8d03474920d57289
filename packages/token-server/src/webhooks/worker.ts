/**
 * The inbox worker: claims due events with a lease, runs their handler (which re-reads state from Pluggy),
 * and records the outcome. Failures retry on a backoff schedule; after `maxAttempts` an event is dead
 * (kept, visible, requeueable). Leases expire, so events held by a crashed process are claimed again.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ChangeFeed } from '../changes.js';
import { PluggyApiError, type PluggyApi } from '../pluggy/pluggy-api.js';
import type { InboxEvent, Store } from '../store/index.js';
import { redoably } from '../store/redo-durability.js';
import { exponentialBackoff } from './backoff.js';
import { eventsCoveredBy } from './coverage.js';
import { isHandledEvent } from './events.js';
import { eventHandlers, type HandlerContext } from './handlers/index.js';
import { outOfScope } from './handlers/scope.js';
import type { WebhookHooks } from './hooks.js';
import { onEnqueued } from './inbox-signal.js';
import type { WebhookLogger } from './log.js';
import { sandboxAllowedByDefault } from '../domain/sandbox-policy.js';

/** Pluggy retries a delivery for about 3 hours; dedupe keys must outlive that. */
export const MIN_RETENTION_MS = 3 * 60 * 60_000;
/** Covered events taken per run at most (coverage.ts); the rest wait for the next run. */
const MAX_COVERED_PER_RUN = 500;

export interface WorkerOptions {
  store: Store;
  pluggy: PluggyApi;
  hooks?: WebhookHooks;
  changes?: ChangeFeed;
  logger: WebhookLogger;
  /** Adopt and record items of sandbox connectors. Default true unless NODE_ENV is `production`. */
  allowSandboxConnectors?: boolean;
  /** How often an idle worker looks for due events (new events in this process wake it at once). Default 1000. */
  pollIntervalMs?: number;
  /** How long a claim lasts; renewed while the handler runs. Default 60 000. */
  leaseMs?: number;
  /** Attempts before an event is dead. Default 8. */
  maxAttempts?: number;
  /** Delay before the next attempt after failed attempt number n. Default exponential 5 s .. 30 min. */
  backoff?: (attempt: number) => number;
  /** Clock for leases, schedules and retention (tests pass a fake one). Default Date.now. */
  now?: () => number;
  /** Events handled at the same time by this worker. Default 4. */
  concurrency?: number;
  /** How long done events stay as dedupe keys. Default 7 days; at least 3 hours. */
  retentionMs?: number;
  /** How often done events older than the retention are purged. Default 1 hour. */
  purgeIntervalMs?: number;
  /** Lease owner name, for logs and the inbox row. Default host:pid:random. */
  workerId?: string;
}

export interface Worker {
  /** Stops claiming, lets in-flight events finish, and resolves when they have. */
  stop(): Promise<void>;
}

function describeError(error: unknown): string {
  if (error instanceof PluggyApiError) return `Pluggy ${error.status || 'network'}: ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export function startWorker(options: WorkerOptions): Worker {
  const { store, logger } = options;
  const now = options.now ?? Date.now;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const leaseMs = options.leaseMs ?? 60_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const backoff = options.backoff ?? exponentialBackoff;
  const concurrency = options.concurrency ?? 4;
  const retentionMs = options.retentionMs ?? 7 * 24 * 60 * 60_000;
  if (retentionMs < MIN_RETENTION_MS) {
    throw new RangeError(
      `retentionMs must be at least ${MIN_RETENTION_MS} (3 h): Pluggy may deliver an event again within that window.`,
    );
  }
  const owner = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const context: HandlerContext = {
    store,
    pluggy: options.pluggy,
    hooks: options.hooks ?? {},
    changes: options.changes,
    logger,
    allowSandboxConnectors: options.allowSandboxConnectors ?? sandboxAllowedByDefault(),
  };

  let running = true;
  const inFlight = new Set<Promise<void>>();
  let wake: (() => void) | undefined;
  const wakeUp = () => wake?.();
  const unsubscribe = onEnqueued(store, wakeUp);

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });
  }

  async function handle(event: InboxEvent): Promise<string> {
    if (!isHandledEvent(event.event)) return 'ignored: event type not handled';
    return eventHandlers[event.event](event, context);
  }

  /** The last queued task per item: this worker handles one item's events one after another, in claim order. */
  const itemTails = new Map<string, Promise<void>>();

  /** Renews the event's lease until the returned timer is cleared. */
  function keepLease(event: InboxEvent): NodeJS.Timeout {
    return setInterval(
      () => void store.inbox.extendLease(event.eventId, owner, now() + leaseMs).catch(() => undefined),
      Math.max(10, Math.floor(leaseMs / 3)),
    );
  }

  /** Keeps the lease from claim to finish, including while the event waits behind another of its item. */
  function holdLease(event: InboxEvent, work: Promise<void>): Promise<void> {
    const heartbeat = keepLease(event);
    return work.finally(() => clearInterval(heartbeat));
  }

  /** Claimed events waiting behind another of their item, not started yet: an earlier run may cover them. */
  const queuedByItem = new Map<string, Set<InboxEvent>>();
  /** Queued events a run took over (coverage.ts): that run finishes them, so their own turn does nothing. */
  const takenOver = new WeakSet<InboxEvent>();

  function runInItemOrder(event: InboxEvent): Promise<void> {
    if (event.itemId === null) return processEvent(event);
    const itemId = event.itemId;
    let queued = queuedByItem.get(itemId);
    if (!queued) queuedByItem.set(itemId, (queued = new Set()));
    queued.add(event);
    const previous = itemTails.get(itemId) ?? Promise.resolve();
    const task = previous.then(() => {
      queued.delete(event);
      if (queued.size === 0 && queuedByItem.get(itemId) === queued) queuedByItem.delete(itemId);
      return takenOver.has(event) ? undefined : processEvent(event);
    });
    const tail = task.catch(() => undefined);
    itemTails.set(itemId, tail);
    void tail.then(() => {
      if (itemTails.get(itemId) === tail) itemTails.delete(itemId);
    });
    return task;
  }

  /** Takes over this worker's queued events of the item of the given types (coverage.ts). */
  function takeOverQueued(event: InboxEvent, events: readonly string[]): InboxEvent[] {
    const queued = event.itemId === null ? undefined : queuedByItem.get(event.itemId);
    if (!queued) return [];
    const covered = [...queued].filter(
      (other) => events.includes(other.event) && other.attempts <= maxAttempts,
    );
    for (const other of covered) takenOver.add(other);
    return covered;
  }

  /** Leases the item's pending events of the given types (coverage.ts). */
  async function claimCovered(event: InboxEvent, events: readonly string[]): Promise<InboxEvent[]> {
    if (event.itemId === null) return [];
    try {
      return await store.inbox.claimCovered({
        owner,
        itemId: event.itemId,
        events,
        now: now(),
        leaseMs,
        limit: MAX_COVERED_PER_RUN,
      });
    } catch (error) {
      // Not fatal: those events stay pending and get runs of their own.
      logger.warn({ err: error, eventId: event.eventId }, "could not take the item's other pending events");
      return [];
    }
  }

  function logFields(event: InboxEvent) {
    return { eventId: event.eventId, event: event.event, itemId: event.itemId, attempt: event.attempts };
  }

  async function succeed(event: InboxEvent, outcome: string): Promise<void> {
    if (!(await store.inbox.complete(event.eventId, owner, outcome, now()))) {
      logger.warn(
        logFields(event),
        'webhook event finished after its lease was taken over; the other worker redoes it',
      );
      return;
    }
    logger.info({ ...logFields(event), outcome }, 'webhook event processed');
  }

  async function fail(event: InboxEvent, error: unknown): Promise<void> {
    const message = describeError(error);
    if (event.attempts >= maxAttempts) {
      await store.inbox.bury(event.eventId, owner, message, now());
      logger.error(
        { ...logFields(event), err: error },
        `webhook event dead after ${event.attempts} attempts; requeue it once fixed`,
      );
    } else {
      const retryAt = now() + backoff(event.attempts);
      await store.inbox.retry(event.eventId, owner, message, retryAt);
      logger.warn({ ...logFields(event), err: error, retryAt }, 'webhook event failed; will retry');
    }
  }

  /** Claimed again after its lease expired too often: the process handling it keeps dying. */
  async function buryUnfinished(event: InboxEvent): Promise<void> {
    await store.inbox.bury(
      event.eventId,
      owner,
      'lease expired on every attempt (the handler never finished)',
      now(),
    );
    logger.error(logFields(event), 'webhook event dead: never finished');
  }

  async function processEvent(event: InboxEvent): Promise<void> {
    if (event.attempts > maxAttempts) return buryUnfinished(event);
    // Checked before coverage: an event ignored as out of scope must not answer the item's other events.
    let refusal: string | undefined;
    try {
      refusal = await outOfScope(event, context);
    } catch (error) {
      return fail(event, error);
    }
    if (refusal !== undefined) return succeed(event, refusal);
    // The events this run answers too: queued ones keep their own lease (holdLease) until their turn,
    // which comes after this run; pending ones get a heartbeat here.
    const events = eventsCoveredBy(event.event);
    const queued = events.length > 0 ? takeOverQueued(event, events) : [];
    const claimed = events.length > 0 ? await claimCovered(event, events) : [];
    for (const other of claimed) if (other.attempts > maxAttempts) await buryUnfinished(other);
    const fresh = claimed.filter((other) => other.attempts <= maxAttempts);
    const heartbeats = fresh.map((other) => keepLease(other));
    const covered = [...queued, ...fresh];
    try {
      let outcome: string;
      try {
        outcome = await handle(event);
      } catch (error) {
        for (const member of [event, ...covered]) await fail(member, error);
        return;
      }
      await succeed(event, outcome);
      for (const other of covered) await succeed(other, `${outcome} (with ${event.eventId})`);
    } finally {
      for (const heartbeat of heartbeats) clearInterval(heartbeat);
    }
  }

  async function purge(): Promise<void> {
    try {
      const purged = await store.inbox.purgeDone(now() - retentionMs);
      if (purged > 0) logger.info({ purged }, 'purged old processed webhook events');
    } catch (error) {
      logger.warn({ err: error }, 'purging old webhook events failed');
    }
  }
  // Everything the worker writes can be redone from the inbox: committed without waiting for the disk.
  const purgeTimer = setInterval(() => void redoably(purge), options.purgeIntervalMs ?? 60 * 60_000);
  purgeTimer.unref();
  void redoably(purge);

  async function loop(): Promise<void> {
    while (running) {
      const free = concurrency - inFlight.size;
      if (free <= 0) {
        await sleep(pollIntervalMs);
        continue;
      }
      let claimed: InboxEvent[];
      try {
        claimed = await store.inbox.claim({ owner, now: now(), leaseMs, limit: free });
      } catch (error) {
        logger.error({ err: error }, 'claiming webhook events failed; retrying after the poll interval');
        await sleep(pollIntervalMs);
        continue;
      }
      for (const event of claimed) {
        const task: Promise<void> = holdLease(event, runInItemOrder(event))
          .catch((error: unknown) =>
            logger.error({ err: error, eventId: event.eventId }, 'recording a webhook outcome failed'),
          )
          .finally(() => {
            inFlight.delete(task);
            wakeUp();
          });
        inFlight.add(task);
      }
      if (claimed.length < free) await sleep(pollIntervalMs);
    }
  }
  const looping = redoably(loop);

  return {
    async stop() {
      running = false;
      unsubscribe();
      clearInterval(purgeTimer);
      wakeUp();
      await looping;
      await Promise.all(inFlight);
    },
  };
}
