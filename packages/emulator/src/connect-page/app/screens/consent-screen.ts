/// <reference lib="dom" />
import { h } from '../dom.js';
import type { Messages } from '../i18n/index.js';

export function renderConsent(messages: Messages, onAccept: () => void): HTMLElement {
  const accept = h(
    'button',
    { type: 'button', class: 'primary', 'data-action': 'accept-consent' },
    messages.consentAccept,
  );
  accept.addEventListener('click', onAccept);
  return h('section', {}, h('h1', {}, messages.consentTitle), h('p', {}, messages.consentBody), accept);
}
