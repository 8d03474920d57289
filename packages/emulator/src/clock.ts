/**
 * The emulator's clock. Every time the emulator reports (dates, token expiry, webhook retry schedule,
 * rate-limit windows, auto-sync) comes from here, so tests can jump hours ahead with `advance(ms)`
 * instead of waiting. Wall time keeps flowing underneath: `now()` = real time + total offset.
 */
export interface ScheduledTask {
  cancel(): void;
}

export interface EmulatorClock {
  /** Milliseconds since the epoch, on the emulator's timeline. */
  now(): number;
  /** Runs `task` once the emulator time reaches `atMs` (either by waiting or by `advance`). */
  scheduleAt(atMs: number, task: () => void): ScheduledTask;
  /** Runs `task` after `delayMs` of emulator time. */
  scheduleIn(delayMs: number, task: () => void): ScheduledTask;
  /** Moves emulator time forward and runs every task that became due, in time order. */
  advance(ms: number): void;
  /** Cancels every pending task (used by reset and stop). */
  clear(): void;
  /** Cancels every pending task and drops the offset, so emulator time equals wall time again. */
  reset(): void;
}

interface PendingTask {
  atMs: number;
  seq: number;
  task: () => void;
  timer: NodeJS.Timeout | undefined;
  done: boolean;
}

export function createClock(startOffsetMs = 0): EmulatorClock {
  let offsetMs = startOffsetMs;
  let seq = 0;
  const pending = new Set<PendingTask>();

  const now = () => Date.now() + offsetMs;

  const run = (entry: PendingTask) => {
    if (entry.done) return;
    entry.done = true;
    if (entry.timer) clearTimeout(entry.timer);
    pending.delete(entry);
    entry.task();
  };

  const arm = (entry: PendingTask) => {
    if (entry.timer) clearTimeout(entry.timer);
    const wait = Math.max(0, entry.atMs - now());
    // Node caps timers at ~24.8 days; longer waits re-arm when they fire early.
    entry.timer = setTimeout(
      () => (entry.atMs <= now() ? run(entry) : arm(entry)),
      Math.min(wait, 2 ** 31 - 1),
    );
    entry.timer.unref();
  };

  const scheduleAt = (atMs: number, task: () => void): ScheduledTask => {
    const entry: PendingTask = { atMs, seq: seq++, task, timer: undefined, done: false };
    pending.add(entry);
    arm(entry);
    return {
      cancel: () => {
        entry.done = true;
        if (entry.timer) clearTimeout(entry.timer);
        pending.delete(entry);
      },
    };
  };

  const clear = () => {
    for (const entry of pending) {
      entry.done = true;
      if (entry.timer) clearTimeout(entry.timer);
    }
    pending.clear();
  };

  return {
    now,
    scheduleAt,
    scheduleIn: (delayMs, task) => scheduleAt(now() + delayMs, task),
    advance(ms) {
      if (!(ms >= 0)) throw new RangeError('advance(ms) needs a non-negative number');
      offsetMs += ms;
      const due = [...pending]
        .filter((e) => e.atMs <= now())
        .sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
      for (const entry of due) run(entry);
      for (const entry of pending) arm(entry);
    },
    clear,
    reset() {
      clear();
      offsetMs = 0;
    },
  };
}
