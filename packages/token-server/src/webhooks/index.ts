/** Webhooks: the receiver (accept and commit), the worker (process with a lease), and inbox administration. */
import { randomUUID } from 'node:crypto';
import type { InboxEvent, Store } from '../store/index.js';
import { notifyEnqueued } from './inbox-signal.js';

export { createWebhookReceiver, WEBHOOK_SECRET_HEADER, type WebhookReceiverOptions } from './receiver.js';
export { startWorker, MIN_RETENTION_MS, type Worker, type WorkerOptions } from './worker.js';
export { exponentialBackoff } from './backoff.js';
export { HANDLED_EVENTS, type HandledEvent } from './events.js';
export type { WebhookHooks, ItemHookEvent, ItemDeletedHookEvent, TransactionsHookEvent } from './hooks.js';
export type { WebhookLogger } from './log.js';

/**
 * Queues a sync of the item as if Pluggy had sent `item/updated`: POST /items calls it, so the item's data
 * arrives even when no webhook of Pluggy's has reached this server yet (or none is configured).
 */
export async function enqueueItemSync(store: Store, itemId: string): Promise<void> {
  const eventId = `kit-sync-${randomUUID()}`;
  await store.inbox.insert({
    eventId,
    event: 'item/updated',
    itemId,
    payload: { event: 'item/updated', eventId, itemId, triggeredBy: 'KIT' },
    receivedAt: Date.now(),
  });
  notifyEnqueued(store);
}

export function listDeadEvents(store: Store, limit = 100): Promise<InboxEvent[]> {
  return store.inbox.list('dead', limit);
}

/** Puts a dead event back in the queue with fresh attempts; false when there is no dead event with that id. */
export async function requeueEvent(store: Store, eventId: string): Promise<boolean> {
  const requeued = await store.inbox.requeue(eventId, Date.now());
  if (requeued) notifyEnqueued(store);
  return requeued;
}
