import type { WebhookEventName } from './webhook-service.js';

// A record keyed by the union makes the compiler flag any event added to the contract but not listed here.
const EVENT_FLAGS: Record<WebhookEventName, true> = {
  'item/created': true,
  'item/updated': true,
  'item/error': true,
  'item/deleted': true,
  'item/waiting_user_input': true,
  'item/waiting_user_action': true,
  'item/login_succeeded': true,
  'connector/status_updated': true,
  'transactions/created': true,
  'transactions/updated': true,
  'transactions/deleted': true,
};

/** Every event the emulator emits, in the order of the contract. */
export const WEBHOOK_EVENT_NAMES = Object.keys(EVENT_FLAGS) as [WebhookEventName, ...WebhookEventName[]];
