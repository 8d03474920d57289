// One connection in the "my connections" list. The card is built once and updated in place, so the
// update-mode button (and the widget it may have open) survives every live status change.
import { h } from './dom.js';
import {
  accountName,
  actionHints,
  formatDateTime,
  formatDay,
  formatMoney,
  statusLabel,
  transactionAmount,
} from './format.js';

const USER_ACTIONS = { reconnect: 'Reconnect', answer_mfa: 'Answer MFA' };

export function createConnectionCard(item, { connectUrl, onSyncNow, onDelete, onPage }) {
  const name = h('h2', { class: 'connector-name' });
  const badge = h('span', { class: 'badge' });
  const lastSync = h('dd', { class: 'last-sync' });
  const nextSync = h('dd', { class: 'next-sync' });
  const hint = h('p', { class: 'hint' });
  const itemError = h('p', { class: 'item-error' });
  const updateButton = h('pluggy-connect-button', {
    'token-url': '/api/connect-token',
    'item-id': item.id,
    'connect-url': connectUrl,
    'include-sandbox': true,
    language: 'en',
  });
  const syncButton = h(
    'button',
    { type: 'button', class: 'sync-now', onclick: () => onSyncNow(item.id) },
    'Sync now',
  );
  const deleteButton = h(
    'button',
    { type: 'button', class: 'delete', onclick: () => onDelete(item.id) },
    'Delete',
  );
  const accounts = h('ul', { class: 'accounts', 'aria-label': 'Accounts' });
  const transactions = h('tbody');
  let shownPage = 1;
  const newer = h(
    'button',
    { type: 'button', class: 'newer', onclick: () => onPage(item.id, shownPage - 1) },
    'Newer',
  );
  const older = h(
    'button',
    { type: 'button', class: 'older', onclick: () => onPage(item.id, shownPage + 1) },
    'Older',
  );
  const pageInfo = h('span', { class: 'page-info' });
  const dataSection = h(
    'section',
    { class: 'data', hidden: true },
    h('h3', {}, 'Accounts'),
    accounts,
    h('h3', {}, 'Transactions'),
    h(
      'table',
      { class: 'transactions' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Date'), h('th', {}, 'Description'), h('th', {}, 'Amount'))),
      transactions,
    ),
    h('nav', { class: 'pager', 'aria-label': 'Transaction pages' }, newer, pageInfo, older),
  );
  const element = h(
    'li',
    { class: 'connection', 'data-item-id': item.id },
    h('div', { class: 'connection-head' }, name, badge),
    h('dl', { class: 'sync-times' }, h('dt', {}, 'Last sync'), lastSync, h('dt', {}, 'Next sync'), nextSync),
    hint,
    itemError,
    h('div', { class: 'actions' }, updateButton, syncButton, deleteButton),
    dataSection,
  );

  function update(next) {
    element.dataset.status = next.status;
    element.dataset.action = next.action;
    // Machine-readable sync time (the text below is formatted to the minute).
    element.dataset.lastUpdatedAt = next.lastUpdatedAt ?? '';
    name.textContent = next.connector?.name ?? 'Bank';
    badge.textContent = statusLabel(next.status);
    badge.dataset.status = next.status;
    lastSync.textContent = formatDateTime(next.lastUpdatedAt);
    nextSync.textContent = formatDateTime(next.nextAutoSyncAt);
    hint.textContent = actionHints[next.action] ?? '';
    hint.hidden = !hint.textContent;
    itemError.textContent = next.error?.message ?? '';
    itemError.hidden = !next.error;
    const userAction = USER_ACTIONS[next.action];
    if (userAction) updateButton.setAttribute('label', userAction);
    // Never hide the button while its widget is open: the item's status moves on during the flow.
    const widgetBusy = ['loading', 'open'].includes(updateButton.getAttribute('state'));
    updateButton.hidden = !userAction && !widgetBusy;
    syncButton.hidden = !['none', 'retry_later'].includes(next.action);
  }

  function showData(accountRows, { results: transactionRows, page, totalPages, total }) {
    shownPage = page;
    newer.disabled = page <= 1;
    older.disabled = page >= totalPages;
    pageInfo.textContent = `Page ${page} of ${Math.max(totalPages, 1)} · ${total} transactions`;
    dataSection.hidden = accountRows.length === 0;
    accounts.replaceChildren(
      ...accountRows.map((account) =>
        h(
          'li',
          { 'data-account-id': account.id },
          h('span', { class: 'account-name' }, account.name),
          ' ',
          h('span', { class: 'amount' }, formatMoney(account.balance, account.currencyCode)),
        ),
      ),
    );
    transactions.replaceChildren(
      ...transactionRows.map((transaction) => {
        const amount = transactionAmount(transaction);
        return h(
          'tr',
          { 'data-transaction-id': transaction.id },
          h('td', {}, formatDay(transaction.date)),
          h(
            'td',
            { class: 'description' },
            transaction.description,
            h('span', { class: 'transaction-account' }, accountName(accountRows, transaction.accountId)),
          ),
          h('td', { class: `amount ${amount.className}` }, amount.text),
        );
      }),
    );
  }

  update(item);
  return { element, update, showData };
}
