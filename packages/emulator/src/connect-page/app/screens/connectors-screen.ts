/// <reference lib="dom" />
/** The institution list, with a search box that filters by name as the user types. */
import { h } from '../dom.js';
import type { Messages } from '../i18n/index.js';
import type { Connector } from '../pluggy-types.js';

function swatch(primaryColor: string | undefined): HTMLElement {
  const element = h('span', { class: 'connector-swatch', 'aria-hidden': 'true' });
  // Set through the CSSOM: the page's CSP forbids inline style attributes.
  if (primaryColor && /^[0-9a-f]{6}$/i.test(primaryColor)) element.style.backgroundColor = `#${primaryColor}`;
  return element;
}

export function renderConnectors(
  messages: Messages,
  connectors: Connector[],
  onSelect: (connector: Connector) => void,
): HTMLElement {
  const search = h('input', { id: 'connector-search', type: 'search', autocomplete: 'off' });
  const list = h('ul', { class: 'connector-list' });
  const empty = h('p', { class: 'empty', role: 'status' });

  const renderList = () => {
    const query = search.value.trim().toLowerCase();
    const visible = connectors.filter((connector) => connector.name.toLowerCase().includes(query));
    list.replaceChildren(
      ...visible.map((connector) => {
        const button = h(
          'button',
          { type: 'button', class: 'connector', 'data-connector-id': connector.id },
          swatch(connector.primaryColor),
          h('span', { class: 'connector-name' }, connector.name),
          connector.isSandbox ? h('span', { class: 'badge' }, messages.sandboxBadge) : null,
        );
        button.addEventListener('click', () => onSelect(connector));
        return h('li', {}, button);
      }),
    );
    empty.textContent = visible.length === 0 ? messages.connectorsEmpty : '';
  };
  search.addEventListener('input', renderList);
  renderList();

  return h(
    'section',
    {},
    h('h1', {}, messages.connectorsTitle),
    h('div', { class: 'field' }, h('label', { for: search.id }, messages.connectorsSearch), search),
    list,
    empty,
  );
}
