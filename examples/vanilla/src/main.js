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
banner.querySelector('.dismiss').addEventListener('click', () => (banner.hidden = true));

/** Shows an error; with `retry`, the banner offers Retry, otherwise only Dismiss (nothing to run again). */
function showError(message, code, retry) {
  banner.querySelector('.error-message').textContent = message;
  banner.dataset.code = code ?? '';
  banner.querySelector('.retry').hidden = !retry;
  banner.querySelector('.dismiss').hidden = Boolean(retry);
  retryLast = retry ?? (() => {});
  banner.hidden = false;
}

/** Runs an action; a failure is shown in the page with a Retry that runs the same action again. */
async function attempt(what, action) {
  try {
    await action();
  } catch (error) {
    showError(`${what}: ${error.message}`, error.code, () => attempt(what, action));
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
  delete connectionList.dataset.live;
  if (!user) return;
  unsubscribe = subscribeToItemEvents({
    onItemEvent: connections.onItemEvent,
    onReconnect: () => attempt('Could not load your connections', connections.loadAll),
    // connecting | open | closed: whether changes reach this page live (also what tests wait for).
    onStateChange: (state) => (connectionList.dataset.live = state),
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
  const { code, message, item, retryable } = event.detail;
  const button = event.target;
  // An error that left a new item (a failed login) is retried from its card ("Reconnect", update
  // mode): reopening the connect button would start a second connection instead.
  showError(
    message,
    code,
    retryable && (!item || button.hasAttribute('item-id')) ? () => button.open() : undefined,
  );
  // A login that failed at the bank still created an item: keep it, so the user can reconnect it.
  if (item?.id) attempt('Could not show the connection', () => connections.recordItem(item.id));
});

createSessionSwitcher({ root: document.querySelector('.session'), attempt, onChange: showSignedIn });
