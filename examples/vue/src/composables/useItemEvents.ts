import { onBeforeUnmount, ref } from 'vue';
import type { ItemEvent } from '../types';

export type LiveState = 'connecting' | 'open' | 'closed';

/**
 * Server-sent events for the signed-in user's items (GET /api/events): the page changes as webhooks
 * arrive, with no reload. EventSource reconnects by itself; `onReconnect` catches up on missed events.
 * `state` says whether changes reach the page live (undefined while stopped).
 */
export function useItemEvents(onItemEvent: (event: ItemEvent) => void, onReconnect: () => void) {
  let source: EventSource | null = null;
  const state = ref<LiveState | undefined>(undefined);

  function stop() {
    source?.close();
    source = null;
    state.value = undefined;
  }

  function start() {
    stop();
    let opened = false;
    const current = new EventSource('/api/events');
    source = current;
    state.value = 'connecting';
    current.addEventListener('open', () => {
      state.value = 'open';
      if (opened) onReconnect();
      opened = true;
    });
    current.addEventListener('error', () => {
      state.value = current.readyState === EventSource.CLOSED ? 'closed' : 'connecting';
    });
    current.addEventListener('item', (message) => onItemEvent(JSON.parse(message.data) as ItemEvent));
  }

  onBeforeUnmount(stop);
  return { start, stop, state };
}
