import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { makeAccount, makeItem, makeTransaction } from './helpers/pluggy-fixtures.js';
import { backends, type TestStore } from './helpers/stores.js';

for (const backend of backends) {
  describe(`accounts and transactions store (${backend.name})`, () => {
    let db: TestStore;
    before(async () => {
      db = await backend.open();
    });
    after(async () => {
      await db.cleanup();
    });

    async function recordedItem(userId = 'alice') {
      const item = makeItem({ clientUserId: userId });
      await db.store.items.recordOwnership(userId, item);
      return item;
    }

    test('upserts accounts: a second sync updates in place instead of adding rows', async () => {
      const item = await recordedItem();
      const account = makeAccount(item.id, { balance: 10 });
      assert.equal(await db.store.accounts.upsertForItem(item.id, [account]), true);
      assert.equal(await db.store.accounts.upsertForItem(item.id, [{ ...account, balance: 99.5 }]), true);

      const accounts = await db.store.accounts.listForItem(item.id);
      assert.equal(accounts.length, 1);
      assert.equal(accounts[0]?.balance, 99.5);
      assert.equal(accounts[0]?.taxNumber, '000.000.000-00');
      assert.equal(accounts[0]?.itemId, item.id);
    });

    test('removeMissing deletes the unlisted accounts of the given types with their transactions, nothing else', async () => {
      const item = await recordedItem();
      const kept = makeAccount(item.id);
      const dropped = makeAccount(item.id);
      const card = makeAccount(item.id, { type: 'CREDIT', subtype: 'CREDIT_CARD' });
      await db.store.accounts.upsertForItem(item.id, [kept, dropped, card]);
      const droppedTransactions = [makeTransaction(dropped.id), makeTransaction(dropped.id)];
      const keptTransaction = makeTransaction(kept.id);
      const cardTransaction = makeTransaction(card.id);
      await db.store.transactions.upsertForItem(item.id, [
        ...droppedTransactions,
        keptTransaction,
        cardTransaction,
      ]);

      const deleted = await db.store.accounts.removeMissing(item.id, ['BANK'], [kept.id]);

      assert.deepEqual(deleted.sort(), droppedTransactions.map((transaction) => transaction.id).sort());
      assert.deepEqual(
        (await db.store.accounts.listForItem(item.id)).map((account) => account.id).sort(),
        [kept.id, card.id].sort(),
        'the CREDIT account is not of the given types: kept though unlisted',
      );
      const left = await db.store.transactions.listForItem(item.id, { page: 1, pageSize: 10 });
      assert.deepEqual(
        left.results.map((transaction) => transaction.id).sort(),
        [keptTransaction.id, cardTransaction.id].sort(),
      );
      assert.deepEqual(await db.store.accounts.removeMissing(item.id, ['BANK'], [kept.id]), [], 'idempotent');
      const all = await db.store.accounts.removeMissing(item.id, ['BANK', 'CREDIT'], []);
      assert.deepEqual(all.sort(), [keptTransaction.id, cardTransaction.id].sort(), 'none listed: all go');
      assert.deepEqual(await db.store.accounts.listForItem(item.id), []);
      assert.deepEqual(await db.store.accounts.removeMissing('unrecorded-item', ['BANK'], []), []);
    });

    test('writes nothing for an item that is not recorded (deleted meanwhile)', async () => {
      const account = makeAccount('unrecorded-item');
      assert.equal(await db.store.accounts.upsertForItem('unrecorded-item', [account]), false);
      assert.equal(
        await db.store.transactions.upsertForItem('unrecorded-item', [makeTransaction(account.id)]),
        false,
      );
      assert.deepEqual(await db.store.accounts.listForItem('unrecorded-item'), []);
      assert.equal(
        (await db.store.transactions.listForItem('unrecorded-item', { page: 1, pageSize: 5 })).total,
        0,
      );
    });

    test('upserts transactions idempotently and keeps Pluggy details', async () => {
      const item = await recordedItem();
      const account = makeAccount(item.id);
      const transaction = makeTransaction(account.id, {
        merchant: { name: 'Cafe', businessName: 'Cafe Ltda', cnpj: '1', category: 'food' },
      } as never);
      await db.store.transactions.upsertForItem(item.id, [transaction]);
      await db.store.transactions.upsertForItem(item.id, [
        { ...transaction, description: 'Coffee (edited)' },
      ]);

      const page = await db.store.transactions.listForItem(item.id, { page: 1, pageSize: 10 });
      assert.equal(page.total, 1);
      assert.equal(page.results[0]?.description, 'Coffee (edited)');
      assert.equal(page.results[0]?.descriptionRaw, 'COFFEE SHOP 123');
      assert.deepEqual(page.results[0]?.merchant, {
        name: 'Cafe',
        businessName: 'Cafe Ltda',
        cnpj: '1',
        category: 'food',
      });
      assert.equal(page.results[0]?.amount, -12.5);
      assert.equal(page.results[0]?.date, '2026-01-10T12:00:00.000Z');
    });

    test('pages newest first and filters an inclusive date range', async () => {
      const item = await recordedItem();
      const account = makeAccount(item.id);
      const days = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05'];
      await db.store.transactions.upsertForItem(
        item.id,
        days.map((day) => makeTransaction(account.id, { date: `${day}T23:30:00.000Z` } as never)),
      );

      const first = await db.store.transactions.listForItem(item.id, { page: 1, pageSize: 2 });
      assert.deepEqual(
        {
          total: first.total,
          totalPages: first.totalPages,
          page: first.page,
          dates: first.results.map((t) => t.date.slice(0, 10)),
        },
        { total: 5, totalPages: 3, page: 1, dates: ['2026-03-05', '2026-03-04'] },
      );
      const last = await db.store.transactions.listForItem(item.id, { page: 3, pageSize: 2 });
      assert.deepEqual(
        last.results.map((t) => t.date.slice(0, 10)),
        ['2026-03-01'],
      );

      const ranged = await db.store.transactions.listForItem(item.id, {
        from: '2026-03-02',
        to: '2026-03-04',
        page: 1,
        pageSize: 10,
      });
      assert.deepEqual(
        ranged.results.map((t) => t.date.slice(0, 10)),
        ['2026-03-04', '2026-03-03', '2026-03-02'],
      );
      assert.equal(ranged.total, 3);
    });

    test('removeForItem deletes only the given ids of that item', async () => {
      const item = await recordedItem();
      const other = await recordedItem('bob');
      const account = makeAccount(item.id);
      const [a, b, c] = [
        makeTransaction(account.id),
        makeTransaction(account.id),
        makeTransaction(account.id),
      ];
      const foreign = makeTransaction('other-account');
      await db.store.transactions.upsertForItem(item.id, [a!, b!, c!]);
      await db.store.transactions.upsertForItem(other.id, [foreign]);

      assert.equal(await db.store.transactions.removeForItem(item.id, [a!.id, c!.id, foreign.id]), 2);
      const left = await db.store.transactions.listForItem(item.id, { page: 1, pageSize: 10 });
      assert.deepEqual(
        left.results.map((t) => t.id),
        [b!.id],
      );
      assert.equal((await db.store.transactions.listForItem(other.id, { page: 1, pageSize: 10 })).total, 1);
    });

    test('stores a large sync in batches', async () => {
      const item = await recordedItem();
      const account = makeAccount(item.id);
      const many = Array.from({ length: 1234 }, () => makeTransaction(account.id));
      assert.equal(await db.store.transactions.upsertForItem(item.id, many), true);
      assert.equal((await db.store.transactions.listForItem(item.id, { page: 1, pageSize: 1 })).total, 1234);
    });
  });
}
