/**
 * Group commit for the webhook inbox. Deliveries that arrive while a commit is under way wait for the next
 * one, which stores them all in a single transaction: each request still gets its 2xx only after its own
 * row is committed, but under load many share one commit (one fsync on SQLite, one round trip on
 * PostgreSQL) instead of queuing one commit each. A lone delivery waits one event-loop turn at most.
 */
import type { NewInboxEvent, Store } from '../store/index.js';

export type InboxWriteResult = 'inserted' | 'duplicate';

export interface InboxBatcher {
  /** Resolves once the event's row is committed; rejects when its commit failed (the store is down). */
  insert(event: NewInboxEvent): Promise<InboxWriteResult>;
}

interface Waiting {
  event: NewInboxEvent;
  resolve(result: InboxWriteResult): void;
  reject(error: unknown): void;
}

/** Events per transaction: a bound on how long the write lock is held. */
const MAX_BATCH = 200;

export function createInboxBatcher(store: Store): InboxBatcher {
  let queue: Waiting[] = [];
  let committing = false;

  async function commitQueued(): Promise<void> {
    committing = true;
    try {
      while (queue.length > 0) {
        // One turn of the event loop first: deliveries already read from their sockets join this commit
        // (with SQLite's synchronous driver nothing else could run while a commit is under way).
        await new Promise((resolve) => setImmediate(resolve));
        const batch = queue.slice(0, MAX_BATCH);
        queue = queue.slice(MAX_BATCH);
        try {
          const results = await store.inbox.insertEach(batch.map((waiting) => waiting.event));
          batch.forEach((waiting, index) => waiting.resolve(results[index]!));
        } catch (error) {
          for (const waiting of batch) waiting.reject(error);
        }
      }
    } finally {
      committing = false;
    }
  }

  return {
    insert(event) {
      return new Promise((resolve, reject) => {
        queue.push({ event, resolve, reject });
        if (!committing) void commitQueued();
      });
    },
  };
}
