/** A CDB, a fund and a stock position (GET /investments?itemId). */
import { DAY_MS, toIso } from '../dates.js';
import { uuidFrom, type Random } from '../ids.js';
import { cents } from './money.js';
import type { Owner } from './owner.js';
import type { Investment } from './types.js';

export function generateInvestments(
  itemId: string,
  owner: Owner,
  random: Random,
  nowMs: number,
): Investment[] {
  const now = toIso(nowMs);
  const base = (
    type: Investment['type'],
    subtype: string,
    name: string,
    amountOriginal: number,
    profitRate: number,
  ): Investment => {
    const balance = cents(amountOriginal * (1 + profitRate));
    return {
      id: uuidFrom(random),
      itemId,
      type,
      subtype,
      name,
      code: null,
      isin: null,
      number: String(Math.floor(random() * 9000000 + 1000000)),
      owner: owner.fullName,
      currencyCode: 'BRL',
      date: now,
      balance,
      amount: balance,
      amountOriginal,
      amountProfit: cents(balance - amountOriginal),
      amountWithdrawal: cents(balance * 0.985),
      quantity: 1,
      value: balance,
      annualRate: null,
      rate: null,
      rateType: null,
      lastMonthRate: null,
      lastTwelveMonthsRate: null,
      issuer: null,
      issueDate: null,
      dueDate: null,
      taxes: cents((balance - amountOriginal) * 0.15),
      status: 'ACTIVE',
      createdAt: now,
      updatedAt: now,
    };
  };
  const cdb = base(
    'FIXED_INCOME',
    'CDB',
    'CDB Pluggy Bank 110% CDI',
    cents(5000 + random() * 20000),
    0.08 + random() * 0.05,
  );
  cdb.rate = 110;
  cdb.rateType = 'CDI';
  cdb.issuer = 'Pluggy Bank S.A.';
  cdb.issueDate = toIso(nowMs - 200 * DAY_MS);
  cdb.dueDate = toIso(nowMs + 530 * DAY_MS);
  const fund = base(
    'MUTUAL_FUND',
    'MULTIMARKET_FUND',
    'Pluggy Multimercado FIC FIM',
    cents(2000 + random() * 8000),
    0.05 + random() * 0.1,
  );
  fund.lastMonthRate = cents(random() * 2);
  fund.lastTwelveMonthsRate = cents(8 + random() * 6);
  const stock = base('EQUITY', 'STOCK', 'PETROBRAS PN', cents(1000 + random() * 4000), random() * 0.3 - 0.1);
  stock.code = 'PETR4';
  stock.isin = 'BRPETRACNPR6';
  stock.quantity = 100;
  stock.value = cents(stock.balance / 100);
  return [cdb, fund, stock];
}
