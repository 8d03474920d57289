/** The JSON shape of an item for the browser: what the UI shows, plus the action it should offer. */
import type { ConnectorHealth, StoredConnector, StoredItem } from '../store/index.js';
import { itemAction, type ItemAction } from './item-action.js';

export interface ItemView {
  id: string;
  /** `health` is the connector's last reported status (`connector/status_updated`), null when none was. */
  connector: Omit<StoredConnector, 'health'> & { health: ConnectorHealth | null };
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
    connector: { ...item.connector, health: item.connector.health ?? null },
    status: item.status,
    executionStatus: item.executionStatus,
    error: item.error,
    warnings: item.warnings,
    lastUpdatedAt: item.lastUpdatedAt,
    nextAutoSyncAt: item.nextAutoSyncAt,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    action: itemAction({ ...item, connectorStatus: item.connector.health?.status ?? null }),
  };
}
