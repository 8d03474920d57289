/** Pluggy's webhook body (pluggy.md §5.3): `event`, a fresh `eventId`, the deprecated `id`, then the fields. */
import type { WebhookPayload } from './delivery-log.js';
import type { WebhookEventName } from './webhook-service.js';

/**
 * The deprecated `id` is the related entity: an explicit `id` field wins (e.g. the connector id for
 * `connector/status_updated`, sent as a string like `"201"`), otherwise `itemId`, otherwise `connectorId`.
 */
function deprecatedId(fields: Record<string, unknown>): string | undefined {
  const source = fields.id ?? fields.itemId ?? fields.connectorId;
  return typeof source === 'string' || typeof source === 'number' ? String(source) : undefined;
}

export function buildPayload(
  event: WebhookEventName,
  fields: Record<string, unknown>,
  eventId: string,
): WebhookPayload {
  const { id: _ignored, event: _event, eventId: _eventId, ...rest } = fields;
  const id = deprecatedId(fields);
  return { event, eventId, ...(id !== undefined ? { id } : {}), ...rest };
}
