/**
 * Runs deliveries: each job is tried on the retry schedule, faults shape individual attempts, and every
 * attempt lands in the delivery log. Waits run on the emulator clock; `reset()` drops everything at once
 * through a generation counter, so an answer that arrives after a reset changes nothing.
 */
import type { EmulatorClock, ScheduledTask } from '../clock.js';
import type { DeliveryLog, WebhookPayload } from './delivery-log.js';
import type { FaultAction, FaultQueue } from './fault-queue.js';
import { postWebhook, type PostOutcome } from './http-post.js';
import { delayBeforeRetry, shouldRetry } from './retry-schedule.js';
import type { WebhookEventName } from './webhook-service.js';

export interface DeliveryJob {
  eventId: string;
  event: WebhookEventName;
  url: string;
  headers: Record<string, string>;
  body: string;
  payload: WebhookPayload;
}

export interface DispatcherOptions {
  clock: EmulatorClock;
  log: DeliveryLog;
  faults: FaultQueue;
  /** Pluggy's answer deadline: 5 s. */
  timeoutMs: number;
  /** How long stop() lets in-flight POSTs finish before aborting them. */
  stopGraceMs: number;
}

export interface Dispatcher {
  dispatch(job: DeliveryJob): void;
  /** Sends every delivery held by a `reorder` fault now (used when faults are cleared). */
  releaseHeld(): void;
  reset(): void;
  stop(): Promise<void>;
}

const noop = () => {};

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { clock, log, faults } = options;
  let generation = 0;
  let stopped = false;
  let abort = new AbortController();
  const scheduled = new Set<ScheduledTask>();
  const inFlight = new Set<Promise<void>>();
  let held: (() => void)[] = [];
  // First attempts to one URL go out one at a time in emission order (a URL with a key here is busy);
  // retries and delayed or reordered attempts do not wait, which is how out-of-order arrivals happen.
  const lanes = new Map<string, (() => void)[]>();

  const isCurrent = (gen: number) => gen === generation && !stopped;

  const later = (delayMs: number, task: () => void) => {
    const entry = clock.scheduleIn(delayMs, () => {
      scheduled.delete(entry);
      task();
    });
    scheduled.add(entry);
  };

  const cancelPending = () => {
    for (const entry of scheduled) entry.cancel();
    scheduled.clear();
    held = [];
  };

  const send = async (job: DeliveryJob, attempt: number, gen: number, fault: FaultAction | null) => {
    const at = new Date(clock.now()).toISOString();
    const outcome: PostOutcome =
      fault?.mode === 'fail'
        ? { status: fault.status, durationMs: 0 }
        : await postWebhook(job.url, job.headers, job.body, {
            timeoutMs: options.timeoutMs,
            signal: abort.signal,
          });
    if (gen === generation) {
      log.add({
        eventId: job.eventId,
        event: job.event,
        url: job.url,
        attempt,
        ...(outcome.status !== undefined
          ? { status: outcome.status }
          : { error: outcome.error ?? 'unknown' }),
        at,
        durationMs: outcome.durationMs,
        headers: job.headers,
        body: job.payload,
        ...(fault ? { fault: fault.mode } : {}),
      });
    }
    return outcome;
  };

  const enterLane = (url: string, run: () => void) => {
    const waiting = lanes.get(url);
    if (waiting) waiting.push(run);
    else {
      lanes.set(url, []);
      run();
    }
  };

  const leaveLane = (url: string) => {
    const next = lanes.get(url)?.shift();
    if (next) next();
    else lanes.delete(url);
  };

  const releaseHeld = () => {
    const release = held;
    held = [];
    for (const run of release) run();
  };

  const perform = (
    job: DeliveryJob,
    attempt: number,
    gen: number,
    fault: FaultAction | null,
    leave = noop,
  ) => {
    if (!isCurrent(gen)) return;
    const work = (async () => {
      const outcome = await send(job, attempt, gen, fault);
      if (fault?.mode === 'duplicate') await send(job, attempt, gen, fault);
      leave();
      if (!isCurrent(gen)) return;
      // A reordered delivery goes out right after the next one has been answered.
      if (fault?.mode !== 'reorder') releaseHeld();
      if (!shouldRetry(outcome)) return;
      const delay = delayBeforeRetry(attempt);
      if (delay !== null) later(delay, () => start(job, attempt + 1, gen));
    })();
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  /** `leave` frees the URL's lane once this attempt no longer holds up the next event. */
  const start = (job: DeliveryJob, attempt: number, gen: number, leave = noop) => {
    if (!isCurrent(gen)) return;
    const fault = faults.take();
    if (fault?.mode === 'delay') {
      later(fault.delayMs, () => perform(job, attempt, gen, fault));
      leave();
    } else if (fault?.mode === 'reorder') {
      held.push(() => perform(job, attempt, gen, fault));
      leave();
    } else perform(job, attempt, gen, fault, leave);
  };

  return {
    dispatch(job) {
      const gen = generation;
      let left = false;
      const leave = () => {
        if (left || gen !== generation) return;
        left = true;
        leaveLane(job.url);
      };
      // Never inside the caller's stack: emit() is called from the item state machine.
      later(0, () => enterLane(job.url, () => start(job, 1, gen, leave)));
    },
    releaseHeld,
    reset() {
      generation += 1;
      cancelPending();
      lanes.clear();
      abort.abort();
      abort = new AbortController();
    },
    async stop() {
      stopped = true;
      cancelPending();
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, options.stopGraceMs)));
      await Promise.race([Promise.allSettled([...inFlight]), grace]);
      clearTimeout(timer);
      abort.abort();
      await Promise.allSettled([...inFlight]);
    },
  };
}
