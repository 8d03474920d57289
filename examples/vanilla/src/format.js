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

/**
 * A transaction's amount as a person reads it. Pluggy's `type` gives the direction, not the sign of
 * `amount`: a checking account signs a DEBIT negative, a credit card signs a purchase (a DEBIT) positive
 * and a payment (a CREDIT) negative. DEBIT is money out ("-", the debit colour), CREDIT money in.
 */
export function transactionAmount({ type, amount, currencyCode }) {
  const out = type === 'DEBIT';
  return {
    text: formatMoney(out ? -Math.abs(amount) : Math.abs(amount), currencyCode),
    className: out ? 'debit' : 'credit',
  };
}

/** The name of the account a transaction belongs to, among the item's accounts. */
export const accountName = (accounts, accountId) =>
  accounts.find((account) => account.id === accountId)?.name ?? '';

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
