/* global EventSource */
// Server-sent events for the signed-in user's items: the page changes as webhooks arrive, with no reload.
// EventSource reconnects by itself; `onReconnect` lets the page catch up on what it missed meanwhile.
export function subscribeToItemEvents({ onItemEvent, onReconnect }) {
  const source = new EventSource('/api/events');
  let opened = false;
  source.addEventListener('open', () => {
    if (opened) onReconnect();
    opened = true;
  });
  source.addEventListener('item', (message) => onItemEvent(JSON.parse(message.data)));
  return () => source.close();
}
