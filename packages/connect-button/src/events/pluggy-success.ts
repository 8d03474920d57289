import type { PluggyItem } from '../internal/item.js';

export interface PluggySuccessDetail {
  item: PluggyItem;
}

/** `pluggy-success`: an item was connected (or updated in update mode). */
export type PluggySuccessEvent = CustomEvent<PluggySuccessDetail>;

export function createSuccessEvent(detail: PluggySuccessDetail): PluggySuccessEvent {
  return new CustomEvent('pluggy-success', { detail, bubbles: true, composed: true });
}
