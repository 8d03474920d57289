/** connector/status_updated: record the connector's health and tell the owners of its items (the UI offers "retry later"). */
import type { ConnectorStatusPayload } from '../events.js';
import { publish, type EventHandler } from './context.js';

export const handleConnectorStatus: EventHandler = async (event, context) => {
  const payload = event.payload as unknown as ConnectorStatusPayload;
  const connectorId = Number(payload.connectorId ?? payload.id);
  if (!Number.isInteger(connectorId)) return 'ignored: no connector id';
  await context.store.connectors.record(
    connectorId,
    payload.data.status,
    new Date(event.receivedAt).toISOString(),
  );
  const items = await context.store.items.listByConnector(connectorId);
  for (const item of items) publish(context, item.userId, item.id, 'updated', item.status);
  return `recorded connector ${connectorId} ${payload.data.status}`;
};
