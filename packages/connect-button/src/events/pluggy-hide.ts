/** `pluggy-hide`: the user minimised the widget (`allow-connect-in-background`). */
export type PluggyHideEvent = CustomEvent<Record<string, never>>;

export function createHideEvent(): PluggyHideEvent {
  return new CustomEvent('pluggy-hide', { detail: {}, bubbles: true, composed: true });
}
