import '@pluggy-kit/connect-button/define';
import type { PluggyConnectButtonEventMap, PluggyErrorEvent } from '@pluggy-kit/connect-button';

const el = document.createElement('pluggy-connect-button');
el.tokenUrl = '/api/connect-token';
el.connectorIds = [0, 2];
el.fetchToken = async ({ itemId, signal }) => (await fetch(`/token?item=${itemId ?? ''}`, { signal })).text();
const opening: Promise<void> = el.open();
void opening;
// @ts-expect-error theme accepts light | dark | auto only
el.theme = 'purple';

el.addEventListener('pluggy-success', (event) => console.log(event.detail.item.id));
el.addEventListener('pluggy-error', (event: PluggyErrorEvent) => {
  const code:
    | 'TOKEN_FETCH_FAILED'
    | 'UNAUTHENTICATED'
    | 'TOKEN_EXPIRED'
    | 'SDK_LOAD_FAILED'
    | 'WIDGET_LOAD_TIMEOUT'
    | 'WIDGET_ERROR'
    | 'CALLBACK_FAILED'
    | 'INVALID_CONFIG'
    | 'ALREADY_OPEN' = event.detail.code;
  console.log(code, event.detail.retryable, event.detail.item?.id);
});
document
  .querySelector('pluggy-connect-button')
  ?.addEventListener('pluggy-event', (event) => console.log(event.detail.event));

const eventNames: Array<keyof PluggyConnectButtonEventMap> = ['pluggy-open', 'pluggy-close', 'pluggy-hide'];
// @ts-expect-error not an event of the element
eventNames.push('pluggy-unknown');
