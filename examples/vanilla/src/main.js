/* global document */
import { loadConfig } from './config.js';
import { createConnectionList } from './connections.js';
import { subscribeToItemEvents } from './live-updates.js';
import { createSessionSwitcher } from './session.js';

const config = await loadConfig();
const connectSection = document.querySelector('.connect');
const connectButton = connectSection.querySelector('pluggy-connect-button');
const signedOutNote = document.querySelector('.signed-out-note');
const banner = document.querySelector('.error-banner');
const connectionList = document.querySelector('.connections');
if (config.connectUrl) connectButton.setAttribute('connect-url', config.connectUrl);

let retryLast = () => {};
banner.querySelector('.retry').addEventListener('click', () => {
  banner.hidden = true;
  retryLast();
});

/** Runs an action; a failure is shown in the page with a Retry that runs the same action again. */
async function attempt(what, action) {
  try {
    await action();
  } catch (error) {
    banner.querySelector('.error-message').textContent = `${what}: ${error.message}`;
    banner.dataset.code = error.code ?? '';
    banner.hidden = false;
    retryLast = () => attempt(what, action);
  }
}

const connections = createConnectionList({
  listElement: connectionList,
  connectUrl: config.connectUrl,
  attempt,
});

let unsubscribe = () => {};
function showSignedIn(user) {
  unsubscribe();
  connections.clear();
  banner.hidden = true;
  connectSection.hidden = !user;
  signedOutNote.hidden = Boolean(user);
  connectionList.removeAttribute('aria-busy');
  if (!user) return;
  unsubscribe = subscribeToItemEvents({
    onItemEvent: connections.onItemEvent,
    onReconnect: () => attempt('Could not load your connections', connections.loadAll),
  });
  // aria-busy tells assistive technology (and tests) that the list is still loading, not empty.
  connectionList.setAttribute('aria-busy', 'true');
  return attempt('Could not load your connections', connections.loadAll).finally(() =>
    connectionList.setAttribute('aria-busy', 'false'),
  );
}

const main = document.querySelector('main');
main.addEventListener('pluggy-success', (event) => {
  banner.hidden = true;
  attempt('Could not show the new connection', () => connections.recordItem(event.detail.item.id));
});
// The widget reports the item as soon as it exists: record it then, so a connection left at the MFA
// question (the widget closed there) still shows, with "Answer MFA". Once per item: polls repeat it.
const reportedItems = new Set();
main.addEventListener('pluggy-event', (event) => {
  const itemId = event.detail.item?.id;
  if (!itemId || reportedItems.has(itemId)) return;
  reportedItems.add(itemId);
  attempt('Could not show the new connection', () => connections.recordItem(itemId));
});
main.addEventListener('pluggy-error', (event) => {
  const { message, item, retryable } = event.detail;
  const button = event.target;
  banner.querySelector('.error-message').textContent = message;
  banner.dataset.code = event.detail.code ?? '';
  banner.hidden = false;
  retryLast = retryable ? () => button.open() : () => {};
  // A login that failed at the bank still created an item: keep it, so the user can reconnect it.
  if (item?.id) attempt('Could not show the connection', () => connections.recordItem(item.id));
});

createSessionSwitcher({ root: document.querySelector('.session'), attempt, onChange: showSignedIn });
