import type { ItemEvent } from './types';

export type LiveState = 'connecting' | 'open' | 'closed';

/**
 * Server-sent events for the signed-in user's items (GET /api/events): the page changes as webhooks
 * arrive, with no reload. EventSource reconnects by itself; `onReconnect` catches up on missed events.
 * Returns the function that closes the stream.
 */
export function subscribeToItemEvents(
  onItemEvent: (event: ItemEvent) => void,
  onReconnect: () => void,
  onStateChange: (state: LiveState) => void = () => {},
) {
  const source = new EventSource('/api/events');
  let opened = false;
  onStateChange('connecting');
  source.addEventListener('open', () => {
    onStateChange('open');
    if (opened) onReconnect();
    opened = true;
  });
  source.addEventListener('error', () =>
    onStateChange(source.readyState === EventSource.CLOSED ? 'closed' : 'connecting'),
  );
  source.addEventListener('item', (message) => onItemEvent(JSON.parse(message.data) as ItemEvent));
  return () => source.close();
}
