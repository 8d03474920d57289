/* global EventSource */
// Server-sent events for the signed-in user's items: the page changes as webhooks arrive, with no reload.
// EventSource reconnects by itself; `onReconnect` lets the page catch up on what it missed meanwhile.
// `onStateChange` gets connecting | open | closed.
export function subscribeToItemEvents({ onItemEvent, onReconnect, onStateChange = () => {} }) {
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
  source.addEventListener('item', (message) => onItemEvent(JSON.parse(message.data)));
  return () => source.close();
}
