import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Item } from 'pluggy-sdk';
import {
  fetchApiKey,
  rawCall,
  rejectionOf,
  startSdkHarness,
  waitForItem,
  type SdkHarness,
} from './sdk-helpers.js';

const OK = { user: 'user-ok', password: 'password-ok' };
const DAY_MS = 24 * 60 * 60 * 1000;
/** pluggy.md §2.4: `user-ok-perf-{x}` multiplies transactions by x, capped at 5000. */
const PERF_TRANSACTIONS_CAP = 5000;

describe('product data through the official pluggy-sdk', () => {
  let h: SdkHarness;
  let item: Item;
  let checkingId: string;
  let cardId: string;
  let apiKey: string;
  before(async () => {
    h = await startSdkHarness();
    item = await waitForItem(h.client, (await h.client.createItem(0, OK)).id);
    const accounts = await h.client.fetchAccounts(item.id);
    checkingId = accounts.results.find((a) => a.subtype === 'CHECKING_ACCOUNT')!.id;
    cardId = accounts.results.find((a) => a.subtype === 'CREDIT_CARD')!.id;
    apiKey = await fetchApiKey(h.emu);
  });
  after(() => h.stop());

  it('lists a checking account and a credit card, filterable by type', async () => {
    const all = await h.client.fetchAccounts(item.id);
    assert.equal(all.total, 2);
    const bank = all.results.find((a) => a.type === 'BANK')!;
    assert.equal(bank.subtype, 'CHECKING_ACCOUNT');
    assert.equal(bank.currencyCode, 'BRL');
    assert.ok(bank.bankData);
    // Fields the SDK types declare non-optional are present (null or a value), never missing.
    assert.equal(bank.bankData.hasReservedBalance, false);
    assert.equal(bank.bankData.reservedBalances, null);
    const credit = await h.client.fetchAccounts(item.id, 'CREDIT');
    assert.deepEqual(
      credit.results.map((a) => a.subtype),
      ['CREDIT_CARD'],
    );
    assert.ok(credit.results[0]?.creditData?.creditLimit);
    assert.equal((await h.client.fetchAccount(cardId)).id, cardId);
    assert.equal((await rejectionOf(h.client.fetchAccount('missing'))).code, 404);
  });

  it('pages v1 GET /transactions (pageSize 20 by default, up to 500)', async () => {
    const first = await h.client.fetchTransactions(checkingId);
    assert.equal(first.page, 1);
    assert.equal(first.results.length, 20);
    assert.ok(first.results.every((t) => t.operationTypeAdditionalInfo === null));
    assert.equal(first.totalPages, Math.ceil(first.total / 20));
    const seen = new Set<string>();
    for (let page = 1; page <= first.totalPages; page += 1) {
      const result = await h.client.fetchTransactions(checkingId, { page });
      for (const t of result.results) seen.add(t.id);
    }
    assert.equal(seen.size, first.total);
    const big = await h.client.fetchTransactions(checkingId, { pageSize: 500 });
    assert.equal(big.results.length, first.total);
    const tooBig = await rawCall(h.emu.apiUrl, 'GET', `/transactions?accountId=${checkingId}&pageSize=501`, {
      apiKey,
    });
    assert.equal(tooBig.status, 400);
    // Newest first, dated within the last 365 days, as SDK Dates.
    const dates = big.results.map((t) => t.date.getTime());
    assert.deepEqual(
      dates,
      [...dates].sort((a, b) => b - a),
    );
    assert.ok(dates.every((d) => Date.now() - d <= 366 * DAY_MS));
  });

  it('filters v1 transactions by from/to, createdAtFrom and ids', async () => {
    const all = (await h.client.fetchTransactions(checkingId, { pageSize: 500 })).results;
    const to = new Date(Date.now() - 30 * DAY_MS).toISOString().slice(0, 10);
    const from = new Date(Date.now() - 90 * DAY_MS).toISOString().slice(0, 10);
    const ranged = await h.client.fetchTransactions(checkingId, { from, to, pageSize: 500 });
    assert.ok(ranged.total > 0 && ranged.total < all.length);
    assert.ok(
      ranged.results.every(
        (t) => t.date.toISOString().slice(0, 10) >= from && t.date.toISOString().slice(0, 10) <= to,
      ),
    );
    const ids = all.slice(0, 3).map((t) => t.id);
    const byIds = await rawCall(
      h.emu.apiUrl,
      'GET',
      `/transactions?accountId=${checkingId}&ids=${ids.join(',')}`,
      { apiKey },
    );
    assert.deepEqual(byIds.body.results?.map((t) => t.id).sort(), [...ids].sort());
    const future = new Date(Date.now() + DAY_MS).toISOString();
    assert.equal((await h.client.fetchTransactions(checkingId, { createdAtFrom: future })).total, 0);
  });

  it('pages v2 GET /v2/transactions with a relative next cursor, and fetchAllTransactions follows it', async () => {
    const v1 = (await h.client.fetchTransactions(cardId, { pageSize: 500 })).results.map((t) => t.id);
    const first = await rawCall(h.emu.apiUrl, 'GET', `/v2/transactions?accountId=${checkingId}&pageSize=50`, {
      apiKey,
    });
    assert.equal(first.body.results?.length, 50);
    assert.match(
      String(first.body.next),
      /^\/v2\/transactions\?accountId=[0-9a-f-]+&pageSize=50&after=[\w-]+$/,
    );
    const second = await rawCall(h.emu.apiUrl, 'GET', String(first.body.next), { apiKey });
    assert.equal(second.status, 200);
    assert.notEqual(second.body.results?.[0]?.id, first.body.results?.[0]?.id);

    const all = await h.client.fetchAllTransactions(cardId);
    assert.deepEqual(
      all.map((t) => t.id),
      v1,
    );
    const checkingAll = await h.client.fetchAllTransactions(checkingId);
    assert.equal(checkingAll.length, (await h.client.fetchTransactions(checkingId)).total);
    assert.equal(new Set(checkingAll.map((t) => t.id)).size, checkingAll.length);
  });

  it('answers 400 for a bad cursor or for dateFrom with createdAtFrom', async () => {
    const bad = await rawCall(
      h.emu.apiUrl,
      'GET',
      `/v2/transactions?accountId=${checkingId}&after=not-a-cursor`,
      { apiKey },
    );
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 400);
    const both = await rejectionOf(
      h.client.fetchTransactionsCursor(checkingId, { dateFrom: '2024-01-01', createdAtFrom: '2024-01-01' }),
    );
    assert.equal(both.code, 400);
  });

  it('serves one transaction by id and 404 for unknown ids', async () => {
    const [first] = (await h.client.fetchTransactions(checkingId)).results;
    const one = await h.client.fetchTransaction(first!.id);
    assert.equal(one.id, first!.id);
    assert.equal(one.accountId, checkingId);
    assert.equal((await rejectionOf(h.client.fetchTransaction('nope'))).code, 404);
  });

  it('serves identity and investments of the item', async () => {
    const identity = await h.client.fetchIdentityByItemId(item.id);
    assert.equal(identity.itemId, item.id);
    assert.ok(identity.fullName);
    assert.equal(identity.document?.length, 11);
    const investments = await h.client.fetchInvestments(item.id);
    assert.equal(investments.total, 3);
    assert.ok(investments.results.every((i) => i.itemId === item.id && i.balance > 0));
    const fixedIncome = await h.client.fetchInvestments(item.id, 'FIXED_INCOME');
    assert.deepEqual(
      fixedIncome.results.map((i) => i.type),
      ['FIXED_INCOME'],
    );
  });

  it('answers 400 without itemId/accountId and 404 for unknown ones', async () => {
    assert.equal((await rawCall(h.emu.apiUrl, 'GET', '/accounts', { apiKey })).status, 400);
    assert.equal((await rawCall(h.emu.apiUrl, 'GET', '/transactions', { apiKey })).status, 400);
    assert.equal((await rejectionOf(h.client.fetchAccounts('nope'))).code, 404);
    assert.equal((await rejectionOf(h.client.fetchIdentityByItemId('nope'))).code, 404);
    assert.equal((await rejectionOf(h.client.fetchTransactions('nope'))).code, 404);
  });

  it('multiplies transactions for user-ok-perf-{x}', async () => {
    const perf = await waitForItem(
      h.client,
      (await h.client.createItem(0, { user: 'user-ok-perf-4', password: 'password-ok' })).id,
    );
    const accounts = await h.client.fetchAccounts(perf.id, 'BANK');
    const normal = (await h.client.fetchTransactions(checkingId)).total;
    assert.equal((await h.client.fetchTransactions(accounts.results[0]!.id)).total, normal * 4);
  });

  it('caps user-ok-perf-{x} at 5000 transactions per account', async () => {
    const perf = await waitForItem(
      h.client,
      (await h.client.createItem(0, { user: 'user-ok-perf-50', password: 'password-ok' })).id,
    );
    const accounts = (await h.client.fetchAccounts(perf.id)).results;
    const totalOf = async (subtype: string) =>
      (await h.client.fetchTransactions(accounts.find((a) => a.subtype === subtype)!.id, { pageSize: 1 }))
        .total;
    const normalChecking = (await h.client.fetchTransactions(checkingId, { pageSize: 1 })).total;
    const normalCard = (await h.client.fetchTransactions(cardId, { pageSize: 1 })).total;
    // 50 × the checking account's transactions is over the cap; 50 × the card's is under it.
    assert.ok(normalChecking * 50 > PERF_TRANSACTIONS_CAP && normalCard * 50 < PERF_TRANSACTIONS_CAP);
    assert.equal(await totalOf('CHECKING_ACCOUNT'), PERF_TRANSACTIONS_CAP);
    assert.equal(await totalOf('CREDIT_CARD'), normalCard * 50);
  });

  it('generates the same data for the same seed', async () => {
    const twin = await startSdkHarness();
    try {
      // Same seed and same order of creation: same item id and same transactions.
      const twinItem = await waitForItem(twin.client, (await twin.client.createItem(0, OK)).id);
      assert.equal(twinItem.id, item.id);
      const mine = (await h.client.fetchTransactions(checkingId, { pageSize: 500 })).results;
      const theirs = (await twin.client.fetchTransactions(checkingId, { pageSize: 500 })).results;
      assert.deepEqual(
        theirs.map((t) => [t.id, t.amount, t.description]),
        mine.map((t) => [t.id, t.amount, t.description]),
      );
    } finally {
      await twin.stop();
      process.env.PLUGGY_API_URL = h.emu.apiUrl;
    }
    const other = await startSdkHarness({ seed: 2 });
    try {
      const otherItem = await other.client.createItem(0, OK);
      assert.notEqual(otherItem.id, item.id);
    } finally {
      await other.stop();
      process.env.PLUGGY_API_URL = h.emu.apiUrl;
    }
  });
});
