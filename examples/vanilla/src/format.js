// Human labels for what the token server returns; the raw values stay in data-* attributes.

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

export const formatDateTime = (iso) => (iso ? dateTime.format(new Date(iso)) : 'never');
export const formatDay = (iso) => (iso ? day.format(new Date(iso)) : '');

export function formatMoney(amount, currencyCode) {
  return new Intl.NumberFormat('pt-BR', { style: 'currency', currency: currencyCode || 'BRL' }).format(
    amount,
  );
}

const statusLabels = {
  UPDATED: 'Up to date',
  UPDATING: 'Syncing',
  WAITING_USER_INPUT: 'Needs your code',
  WAITING_USER_ACTION: 'Needs your action',
  MERGING: 'Syncing',
  LOGIN_ERROR: 'Login failed',
  OUTDATED: 'Out of date',
};
export const statusLabel = (status) => statusLabels[status] ?? status;

/** What the page offers for each `action` the token server computes from status and executionStatus. */
export const actionHints = {
  none: '',
  wait: 'Syncing with your bank…',
  reconnect: 'Your bank rejected the login. Reconnect to enter your credentials again.',
  answer_mfa: 'Your bank is waiting for a security code.',
  retry_later: 'Your bank could not be reached. Try syncing again later.',
};
