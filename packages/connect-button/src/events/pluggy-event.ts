import type { PluggyWidgetEvent } from '../internal/item.js';

/** `pluggy-event`: the widget's own event payload, untouched (SUBMITTED_CONSENT, SELECTED_INSTITUTION, LOGIN_SUCCESS, ...). */
export type PluggyWidgetEventEvent = CustomEvent<PluggyWidgetEvent>;

export function createWidgetEventEvent(detail: PluggyWidgetEvent): PluggyWidgetEventEvent {
  return new CustomEvent('pluggy-event', { detail, bubbles: true, composed: true });
}
