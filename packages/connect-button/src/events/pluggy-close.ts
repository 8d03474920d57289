/** `pluggy-close`: the widget was closed (by the user, the widget or `close()`); fires once per open. */
export type PluggyCloseEvent = CustomEvent<Record<string, never>>;

export function createCloseEvent(): PluggyCloseEvent {
  return new CustomEvent('pluggy-close', { detail: {}, bubbles: true, composed: true });
}
