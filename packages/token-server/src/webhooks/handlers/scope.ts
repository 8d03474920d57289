/**
 * An event delivered on a user's per-token webhook URL may act only on that user's items: the user can read
 * that URL (it is on their items), so anything arriving on it may be forged by them.
 */
import type { InboxEvent } from '../../store/index.js';
import { reReadItem, type HandlerContext } from './context.js';

/** Why a scoped event is ignored, or undefined when it is in scope (or not scoped at all). */
export async function outOfScope(event: InboxEvent, context: HandlerContext): Promise<string | undefined> {
  const scope = event.scopeUserId;
  if (scope === null) return undefined;
  const itemId = event.itemId;
  if (itemId !== null) {
    const recorded = await context.store.items.ownerOf(itemId);
    if (recorded === scope) return undefined;
    if (recorded === undefined) {
      // Not recorded yet (the browser's POST /items is still to come): Pluggy says whose it is.
      const item = await reReadItem(context, itemId);
      if (item === 'gone' || item.clientUserId === scope) return undefined;
    }
  }
  context.logger.warn(
    { eventId: event.eventId, event: event.event, itemId },
    "webhook ignored: delivered on a user's webhook URL for something that is not theirs",
  );
  return 'ignored: not the item of the user whose webhook URL delivered it';
}
