/** A checking account and a credit card per item (what Pluggy's sandbox returns). */
import { toIso, DAY_MS } from '../dates.js';
import { uuidFrom, type Random } from '../ids.js';
import { cents } from './money.js';
import type { Owner } from './owner.js';
import type { Account } from './types.js';

export interface AccountsInput {
  itemId: string;
  random: Random;
  nowMs: number;
  owner: Owner;
  includeChecking: boolean;
}

export function generateAccounts({
  itemId,
  random,
  nowMs,
  owner,
  includeChecking,
}: AccountsInput): Account[] {
  const now = toIso(nowMs);
  const accounts: Account[] = [];
  if (includeChecking) {
    const balance = cents(1500 + random() * 20000);
    const branchAndNumber = `0001/${Math.floor(100000 + random() * 899999)}-${Math.floor(random() * 10)}`;
    accounts.push({
      id: uuidFrom(random),
      itemId,
      type: 'BANK',
      subtype: 'CHECKING_ACCOUNT',
      number: branchAndNumber,
      name: 'Conta Corrente',
      marketingName: 'Pluggy Conta Digital',
      balance,
      owner: owner.fullName,
      taxNumber: owner.taxNumber,
      currencyCode: 'BRL',
      bankData: {
        transferNumber: `0001/${branchAndNumber.slice(5)}`,
        closingBalance: balance,
        automaticallyInvestedBalance: cents(random() * 1000),
        overdraftContractedLimit: 1000,
        overdraftUsedLimit: 0,
        unarrangedOverdraftAmount: 0,
        hasReservedBalance: false,
        reservedBalances: null,
      },
      creditData: null,
      createdAt: now,
      updatedAt: now,
    });
  }
  const creditLimit = 5000 + Math.floor(random() * 10) * 1000;
  const used = cents(random() * creditLimit * 0.6);
  accounts.push({
    id: uuidFrom(random),
    itemId,
    type: 'CREDIT',
    subtype: 'CREDIT_CARD',
    number: `${Math.floor(1000 + random() * 8999)}`,
    name: 'Mastercard Black',
    marketingName: 'Pluggy Card Black',
    balance: used,
    owner: owner.fullName,
    taxNumber: owner.taxNumber,
    currencyCode: 'BRL',
    bankData: null,
    creditData: {
      level: 'BLACK',
      brand: 'MASTERCARD',
      balanceCloseDate: toIso(nowMs + 10 * DAY_MS),
      balanceDueDate: toIso(nowMs + 17 * DAY_MS),
      availableCreditLimit: cents(creditLimit - used),
      balanceForeignCurrency: 0,
      minimumPayment: cents(used * 0.15),
      creditLimit,
      isLimitFlexible: false,
      status: 'ACTIVE',
      holderType: 'MAIN',
    },
    createdAt: now,
    updatedAt: now,
  });
  return accounts;
}
