/**
 * Callbacks for the host app, called by the worker after the store reflects the change. Delivery is
 * at least once: a hook that throws makes the event retry (and the hook run again), so hooks must be idempotent.
 */
import type { StoredItem } from '../store/index.js';

export interface ItemHookEvent {
  userId: string;
  item: StoredItem;
}

export interface TransactionsHookEvent {
  userId: string;
  itemId: string;
  /** Ids created or refreshed by this event. */
  upserted: string[];
  /** Ids removed by this event. */
  deleted: string[];
}

export interface ItemDeletedHookEvent {
  userId: string;
  itemId: string;
}

export interface WebhookHooks {
  onItemUpdated?(event: ItemHookEvent): void | Promise<void>;
  onItemError?(event: ItemHookEvent): void | Promise<void>;
  onTransactionsChanged?(event: TransactionsHookEvent): void | Promise<void>;
  onItemDeleted?(event: ItemDeletedHookEvent): void | Promise<void>;
}
