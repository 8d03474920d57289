/** In-process wake-up: a worker sharing the receiver's store starts on a new event without waiting for its poll. */
import { EventEmitter } from 'node:events';
import type { Store } from '../store/index.js';

const signals = new WeakMap<Store, EventEmitter>();

function signalFor(store: Store): EventEmitter {
  let signal = signals.get(store);
  if (!signal) {
    signal = new EventEmitter();
    signal.setMaxListeners(0);
    signals.set(store, signal);
  }
  return signal;
}

export function notifyEnqueued(store: Store): void {
  signalFor(store).emit('enqueued');
}

export function onEnqueued(store: Store, listener: () => void): () => void {
  const signal = signalFor(store);
  signal.on('enqueued', listener);
  return () => signal.off('enqueued', listener);
}
