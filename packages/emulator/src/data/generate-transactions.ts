/** Up to 365 days of transactions per account, newest first. */
import { DAY_MS, toIso } from '../dates.js';
import { pick, uuidFrom, type Random } from '../ids.js';
import { BANK_TEMPLATES, CARD_TEMPLATES, type TransactionTemplate } from './merchants.js';
import { cents } from './money.js';
import type { Account, Transaction } from './types.js';

export const HISTORY_DAYS = 365;
export const BASE_TRANSACTIONS: Record<Account['type'], number> = { BANK: 120, CREDIT: 60 };
/** Transactions of the last days are still PENDING, as at a real bank. */
const PENDING_DAYS = 2;
const START_OF_DAY_BRT_HOURS = 3;

/** Midnight in Brasília (UTC-3) of the day `daysAgo` before `nowMs`, as Pluggy dates transactions. */
export function bankDay(nowMs: number, daysAgo: number): number {
  const day = new Date(nowMs - daysAgo * DAY_MS);
  return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), START_OF_DAY_BRT_HOURS);
}

export interface TransactionFactory {
  random: Random;
  account: Account;
  ingestedAtMs: number;
}

/** One transaction from a template, dated `daysAgo`; the caller fixes `balance` for bank accounts. */
export function createTransaction(
  { random, account, ingestedAtMs }: TransactionFactory,
  daysAgo: number,
): Transaction {
  const templates: readonly TransactionTemplate[] = account.type === 'BANK' ? BANK_TEMPLATES : CARD_TEMPLATES;
  const template = pick(random, templates);
  const value = cents(template.min + random() * (template.max - template.min));
  // Bank statements sign debits negative; card statements show purchases positive (Pluggy's convention).
  const amount =
    account.type === 'BANK'
      ? template.type === 'DEBIT'
        ? -value
        : value
      : template.type === 'DEBIT'
        ? value
        : -value;
  const date = bankDay(ingestedAtMs, daysAgo);
  const installments = account.type === 'CREDIT' && template.max > 500 && random() < 0.3 ? 3 : 1;
  const ingested = toIso(ingestedAtMs);
  return {
    id: uuidFrom(random),
    accountId: account.id,
    date: toIso(date),
    description: template.description,
    descriptionRaw: `${template.description} ${Math.floor(random() * 9000 + 1000)}`,
    currencyCode: 'BRL',
    amount,
    amountInAccountCurrency: null,
    balance: null,
    category: template.category,
    categoryId: template.categoryId,
    type: template.type,
    status: daysAgo < PENDING_DAYS ? 'PENDING' : 'POSTED',
    providerCode: String(Math.floor(random() * 900 + 100)),
    providerId: uuidFrom(random),
    operationType: template.operationType,
    operationTypeAdditionalInfo: null,
    paymentData: null,
    creditCardMetadata:
      account.type === 'CREDIT'
        ? {
            installmentNumber: 1,
            totalInstallments: installments,
            totalAmount: cents(value * installments),
            purchaseDate: toIso(date),
            cardNumber: account.number,
          }
        : null,
    merchant: null,
    createdAt: ingested,
    updatedAt: ingested,
  };
}

/** Pluggy lists transactions newest first; ties keep a stable order by id. */
export const byNewestFirst = (a: Transaction, b: Transaction) =>
  b.date.localeCompare(a.date) || a.id.localeCompare(b.id);

/** Walks newest to oldest so each bank transaction shows the balance right after it. */
export function applyRunningBalance(account: Account, transactions: Transaction[]): void {
  if (account.type !== 'BANK') return;
  let balance = account.balance;
  for (const transaction of [...transactions].sort(byNewestFirst)) {
    transaction.balance = cents(balance);
    balance -= transaction.amount;
  }
}

export function generateTransactions(
  factory: TransactionFactory,
  multiplier: number,
  cap: number,
): Transaction[] {
  const count = Math.min(BASE_TRANSACTIONS[factory.account.type] * multiplier, cap);
  const transactions = Array.from({ length: count }, () =>
    createTransaction(factory, Math.floor(factory.random() * HISTORY_DAYS)),
  ).sort(byNewestFirst);
  applyRunningBalance(factory.account, transactions);
  return transactions;
}
