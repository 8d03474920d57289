/**
 * How durable a commit must be depends on who could redo it. A webhook acknowledgement must survive a power
 * cut: once Pluggy got its 2xx it never sends the event again. So must a user's request (a deletion, an
 * ownership record). The worker's writes need not: they only move inbox events it can redo from what is
 * already durable, re-reading Pluggy. SQLite's WAL is one ordered log, so a power cut loses a suffix of
 * it: an event's outcome never outlives the data it wrote, and a lost outcome means the event runs again.
 * So the worker's work runs `redoably`, and the SQLite driver commits it without an fsync
 * (`synchronous=NORMAL`; still safe against a process crash), which took the worker's fsyncs, about 1 ms
 * each with the event loop blocked, off every event (sqlite.ts). The next acknowledgement's fsync flushes them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const redoableContext = new AsyncLocalStorage<true>();

/** Runs `work` (and everything it starts) with its writes marked as redone from the inbox if lost. */
export function redoably<T>(work: () => T): T {
  return redoableContext.run(true, work);
}

export const isRedoable = (): boolean => redoableContext.getStore() === true;
