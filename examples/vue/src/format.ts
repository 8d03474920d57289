// Human labels for what the token server returns; the raw values stay in data-* attributes.
import type { Account, ItemAction, Transaction } from './types';

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

export const formatDateTime = (iso: string | null) => (iso ? dateTime.format(new Date(iso)) : 'never');
export const formatDay = (iso: string) => day.format(new Date(iso));
export const formatMoney = (amount: number, currencyCode: string) =>
  new Intl.NumberFormat('pt-BR', { style: 'currency', currency: currencyCode || 'BRL' }).format(amount);

/**
 * A transaction's amount as a person reads it. Pluggy's `type` gives the direction, not the sign of
 * `amount`: a checking account signs a DEBIT negative, a credit card signs a purchase (a DEBIT) positive
 * and a payment (a CREDIT) negative. DEBIT is money out ("-", the debit colour), CREDIT money in.
 */
export function transactionAmount({ type, amount, currencyCode }: Transaction) {
  const out = type === 'DEBIT';
  return {
    text: formatMoney(out ? -Math.abs(amount) : Math.abs(amount), currencyCode),
    className: out ? 'debit' : 'credit',
  };
}

/** The name of the account a transaction belongs to, among the item's accounts. */
export const accountName = (accounts: Account[], accountId: string) =>
  accounts.find((account) => account.id === accountId)?.name ?? '';

const statusLabels: Record<string, string> = {
  UPDATED: 'Up to date',
  UPDATING: 'Syncing',
  WAITING_USER_INPUT: 'Needs your code',
  WAITING_USER_ACTION: 'Needs your action',
  MERGING: 'Syncing',
  LOGIN_ERROR: 'Login failed',
  OUTDATED: 'Out of date',
};
export const statusLabel = (status: string) => statusLabels[status] ?? status;

export const actionHints: Record<ItemAction, string> = {
  none: '',
  wait: 'Syncing with your bank…',
  reconnect: 'Your bank rejected the login. Reconnect to enter your credentials again.',
  answer_mfa: 'Your bank is waiting for a security code.',
  retry_later: 'Your bank could not be reached. Try syncing again later.',
};

/** The update-mode button's label for the actions that need the user in the widget. */
export const userActionLabels: Partial<Record<ItemAction, string>> = {
  reconnect: 'Reconnect',
  answer_mfa: 'Answer MFA',
};
