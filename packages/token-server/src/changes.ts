/**
 * In-process feed of item changes per user: the webhook worker publishes after each effect, and the SSE
 * route (`GET /events`) subscribes for the signed-in user.
 */
import { EventEmitter } from 'node:events';

export type ChangeKind = 'updated' | 'error' | 'deleted' | 'transactions';

export interface ItemChange {
  userId: string;
  itemId: string;
  kind: ChangeKind;
  /** The item's status after the change, when known. */
  status?: string;
}

export interface ChangeFeed {
  publish(change: ItemChange): void;
  /** Calls `listener` for each change of this user's items; returns the unsubscribe function. */
  subscribe(userId: string, listener: (change: ItemChange) => void): () => void;
}

export function createChangeFeed(): ChangeFeed {
  const emitter = new EventEmitter();
  // One listener per open SSE connection: there is no fixed bound to warn about.
  emitter.setMaxListeners(0);
  return {
    publish(change) {
      emitter.emit(change.userId, change);
    },
    subscribe(userId, listener) {
      emitter.on(userId, listener);
      return () => emitter.off(userId, listener);
    },
  };
}
