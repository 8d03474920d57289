/** Pluggy-shaped objects for storage and handler tests (dates as Pluggy's JSON sends them). */
import type { Account, Item, Transaction } from '../../src/pluggy/pluggy-api.js';

let sequence = 0;
const nextId = (prefix: string) => `${prefix}-${process.pid}-${++sequence}`;

export function makeItem(overrides: Partial<Item> & Record<string, unknown> = {}): Item {
  const item = {
    id: nextId('item'),
    connector: {
      id: 0,
      name: 'Pluggy Bank',
      imageUrl: 'https://cdn.example/sandbox.svg',
      primaryColor: 'ef294b',
    },
    status: 'UPDATED',
    executionStatus: 'SUCCESS',
    statusDetail: null,
    error: null,
    createdAt: '2026-01-01T10:00:00.000Z',
    updatedAt: '2026-01-01T10:00:05.000Z',
    lastUpdatedAt: '2026-01-01T10:00:05.000Z',
    parameter: null,
    webhookUrl: null,
    clientUserId: 'alice',
    userAction: null,
    consecutiveFailedLoginAttempts: 0,
    nextAutoSyncAt: '2026-01-02T10:00:00.000Z',
    consentExpiresAt: null,
    ...overrides,
  };
  return item as unknown as Item;
}

export function makeAccount(itemId: string, overrides: Partial<Account> = {}): Account {
  return {
    id: nextId('acc'),
    itemId,
    type: 'BANK',
    subtype: 'CHECKING_ACCOUNT',
    number: '0001/12345-0',
    balance: 1234.56,
    name: 'Conta Corrente',
    marketingName: 'Conta Pluggy',
    owner: 'Alice',
    taxNumber: '000.000.000-00',
    currencyCode: 'BRL',
    bankData: null,
    creditData: null,
    ...overrides,
  } as Account;
}

export function makeTransaction(
  accountId: string,
  overrides: Partial<Transaction> & Record<string, unknown> = {},
): Transaction {
  const transaction = {
    id: nextId('tx'),
    accountId,
    date: '2026-01-10T12:00:00.000Z',
    description: 'Coffee',
    descriptionRaw: 'COFFEE SHOP 123',
    type: 'DEBIT',
    amount: -12.5,
    amountInAccountCurrency: null,
    balance: 1000,
    currencyCode: 'BRL',
    category: 'Food',
    categoryId: '05000000',
    status: 'POSTED',
    creditCardMetadata: null,
    operationType: null,
    operationTypeAdditionalInfo: null,
    providerId: null,
    createdAt: '2026-01-10T12:00:01.000Z',
    updatedAt: '2026-01-10T12:00:01.000Z',
    ...overrides,
  };
  return transaction as unknown as Transaction;
}
