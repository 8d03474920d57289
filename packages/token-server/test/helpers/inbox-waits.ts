/** Putting events in the inbox and waiting for the worker, without fixed sleeps. */
import { randomUUID } from 'node:crypto';
import type { InboxEvent, Store } from '../../src/store/index.js';

export async function waitFor<T>(
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Inserts a delivery as the receiver would; `receivedAt` lets fake-clock tests make it due; `scopeUserId` as
 * for a delivery on that user's per-token webhook URL.
 */
export async function deliver(
  store: Store,
  body: Record<string, unknown>,
  receivedAt = Date.now(),
  scopeUserId: string | null = null,
): Promise<string> {
  const eventId = typeof body.eventId === 'string' ? body.eventId : randomUUID();
  const payload: Record<string, unknown> = { ...body, eventId };
  await store.inbox.insert({
    eventId,
    event: String(payload.event),
    itemId: typeof payload.itemId === 'string' ? payload.itemId : null,
    payload,
    receivedAt,
    scopeUserId,
  });
  return eventId;
}

export function waitForFinished(store: Store, eventId: string, timeoutMs = 5000): Promise<InboxEvent> {
  return waitFor(
    async () => {
      const row = await store.inbox.get(eventId);
      return row && (row.status === 'done' || row.status === 'dead') ? row : undefined;
    },
    timeoutMs,
    `event ${eventId} to finish`,
  );
}
