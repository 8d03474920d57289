import { onBeforeUnmount } from 'vue';
import type { ItemEvent } from '../types';

/**
 * Server-sent events for the signed-in user's items (GET /api/events): the page changes as webhooks
 * arrive, with no reload. EventSource reconnects by itself; `onReconnect` catches up on missed events.
 */
export function useItemEvents(onItemEvent: (event: ItemEvent) => void, onReconnect: () => void) {
  let source: EventSource | null = null;

  function stop() {
    source?.close();
    source = null;
  }

  function start() {
    stop();
    let opened = false;
    source = new EventSource('/api/events');
    source.addEventListener('open', () => {
      if (opened) onReconnect();
      opened = true;
    });
    source.addEventListener('item', (message) => onItemEvent(JSON.parse(message.data) as ItemEvent));
  }

  onBeforeUnmount(stop);
  return { start, stop };
}
