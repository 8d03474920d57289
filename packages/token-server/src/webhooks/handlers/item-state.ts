/**
 * item/* events (except deleted): re-read the item, record its state, and fetch data only when the run
 * finished with data to fetch.
 */
import type { Item } from '../../pluggy/pluggy-api.js';
import type { StoredItem } from '../../store/index.js';
import {
  forgetItem,
  ownerOfReRead,
  publish,
  reReadItem,
  type EventHandler,
  type HandlerContext,
} from './context.js';
import { syncItemData } from './item-data.js';

const ERROR_STATUSES = new Set(['LOGIN_ERROR', 'OUTDATED']);

function isErrorState(item: StoredItem): boolean {
  return ERROR_STATUSES.has(item.status) || item.error !== null;
}

/** Re-reads and records an item of ours; answers the stored item, or the outcome when there is nothing to do. */
async function recordItem(
  context: HandlerContext,
  itemId: string,
): Promise<{ item: Item; stored: StoredItem } | { outcome: string }> {
  const item = await reReadItem(context, itemId);
  if (item === 'gone') return { outcome: await forgetItem(context, itemId) };
  const ownership = await ownerOfReRead(context, item);
  if ('outcome' in ownership) return ownership;
  await context.store.items.upsertFromPluggy(item);
  const stored = await context.store.items.findOwned(ownership.owner, itemId);
  if (!stored) return { outcome: 'ignored: item removed meanwhile' };
  return { item, stored };
}

async function announce(context: HandlerContext, stored: StoredItem): Promise<void> {
  const error = isErrorState(stored);
  publish(context, stored.userId, stored.id, error ? 'error' : 'updated', stored.status);
  const hook = error ? context.hooks.onItemError : context.hooks.onItemUpdated;
  await hook?.({ userId: stored.userId, item: stored });
}

/** item/created, item/updated, item/login_succeeded: record, then sync data for SUCCESS / PARTIAL_SUCCESS. */
export const handleItemChanged: EventHandler = async (event, context) => {
  const recorded = await recordItem(context, String(event.payload.itemId));
  if ('outcome' in recorded) return recorded.outcome;
  const { item, stored } = recorded;
  await announce(context, stored);
  if (item.status !== 'UPDATED') return `recorded ${item.status}`;
  if (item.executionStatus !== 'SUCCESS' && item.executionStatus !== 'PARTIAL_SUCCESS') {
    return `recorded ${item.status}/${item.executionStatus}`;
  }
  return syncItemData(context, item, stored.userId);
};

/** item/error, item/waiting_user_input, item/waiting_user_action: record for the UI, fetch no data. */
export const handleItemAttention: EventHandler = async (event, context) => {
  const recorded = await recordItem(context, String(event.payload.itemId));
  if ('outcome' in recorded) return recorded.outcome;
  await announce(context, recorded.stored);
  return `recorded ${recorded.item.status}`;
};

/** item/deleted: confirmed by re-reading (404), then local data goes; if Pluggy still has it, its state is recorded. */
export const handleItemDeleted: EventHandler = async (event, context) => {
  const itemId = String(event.payload.itemId);
  const item = await reReadItem(context, itemId);
  if (item === 'gone') return forgetItem(context, itemId);
  context.logger.warn({ itemId }, 'item/deleted received but Pluggy still has the item; recording its state');
  return handleItemAttention(event, context);
};
