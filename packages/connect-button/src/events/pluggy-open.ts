/** `pluggy-open`: the widget's page has loaded and is showing. */
export type PluggyOpenEvent = CustomEvent<Record<string, never>>;

export function createOpenEvent(): PluggyOpenEvent {
  return new CustomEvent('pluggy-open', { detail: {}, bubbles: true, composed: true });
}
