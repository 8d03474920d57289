/** The JSON shape of an item for the browser: what the UI shows, plus the action it should offer. */
import type { StoredItem } from '../store/index.js';
import { itemAction, type ItemAction } from './item-action.js';

export interface ItemView {
  id: string;
  connector: StoredItem['connector'];
  status: string;
  executionStatus: string;
  error: StoredItem['error'];
  warnings: StoredItem['warnings'];
  lastUpdatedAt: string | null;
  nextAutoSyncAt: string | null;
  createdAt: string;
  updatedAt: string;
  action: ItemAction;
}

export function toItemView(item: StoredItem): ItemView {
  return {
    id: item.id,
    connector: item.connector,
    status: item.status,
    executionStatus: item.executionStatus,
    error: item.error,
    warnings: item.warnings,
    lastUpdatedAt: item.lastUpdatedAt,
    nextAutoSyncAt: item.nextAutoSyncAt,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    action: itemAction(item),
  };
}
