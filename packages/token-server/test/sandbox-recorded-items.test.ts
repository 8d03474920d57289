/**
 * Items of sandbox connectors recorded while they were allowed (a development database carried into
 * production) get no more webhook effects once `allowSandboxConnectors` is false: transactions/* events are
 * ignored without a Pluggy call, and a row recorded before migration 5 (no sandbox flag) is settled by one
 * re-read that is saved, so the next event needs none. Items of real connectors are unaffected.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import Database from 'libsql';
import pg from 'pg';
import { startWorker, type Worker } from '../src/webhooks/index.js';
import type { OpenStoreOptions } from '../src/store/index.js';
import { FakePluggy } from './helpers/fake-pluggy.js';
import { deliver, waitForFinished } from './helpers/inbox-waits.js';
import { captureLogger } from './helpers/logs.js';
import { makeAccount, makeItem, makeTransaction } from './helpers/pluggy-fixtures.js';
import { backends, type TestStore } from './helpers/stores.js';

/** What an items row recorded before migration 5 looks like: no sandbox flag. */
async function forgetSandboxFlag(options: OpenStoreOptions, itemId: string): Promise<void> {
  const statement = 'update items set connector_is_sandbox = null where id = ';
  if (options.databaseUrl) {
    const client = new pg.Client({ connectionString: options.databaseUrl });
    await client.connect();
    await client.query(`${statement}$1`, [itemId]);
    await client.end();
    return;
  }
  const db = new Database(options.sqliteFile!);
  db.prepare(`${statement}?`).run(itemId);
  db.close();
}

for (const backend of backends) {
  describe(`recorded sandbox items with sandbox connectors refused (${backend.name})`, () => {
    let db: TestStore;
    let pluggy: FakePluggy;
    let worker: Worker | undefined;
    let logs: ReturnType<typeof captureLogger>;

    before(async () => {
      db = await backend.open();
    });
    after(() => db.cleanup());
    afterEach(async () => {
      await worker?.stop();
      worker = undefined;
    });

    /** An item recorded for alice, with one stored transaction, and a production worker. */
    async function recordedItem(isSandbox: boolean) {
      const item = makeItem({
        clientUserId: 'alice',
        connector: { id: isSandbox ? 0 : 201, name: isSandbox ? 'Pluggy Bank' : 'Banco', isSandbox },
      } as never);
      const account = makeAccount(item.id);
      const stored = makeTransaction(account.id);
      await db.store.items.recordOwnership('alice', item);
      await db.store.accounts.upsertForItem(item.id, [account]);
      await db.store.transactions.upsertForItem(item.id, [stored]);
      pluggy = new FakePluggy();
      pluggy.items.set(item.id, item);
      pluggy.accounts.set(item.id, [account]);
      pluggy.transactions.set(account.id, [stored, makeTransaction(account.id)]);
      logs = captureLogger();
      worker = startWorker({
        store: db.store,
        pluggy,
        logger: logs.logger,
        pollIntervalMs: 10,
        allowSandboxConnectors: false,
      });
      return { item, account, stored };
    }

    const created = (itemId: string, accountId: string) => ({
      event: 'transactions/created',
      itemId,
      accountId,
      transactionsCreatedAtFrom: '2026-01-01T00:00:00.000Z',
    });
    const deletedEvent = (itemId: string, accountId: string, transactionIds: string[]) => ({
      event: 'transactions/deleted',
      itemId,
      accountId,
      transactionIds,
    });
    const transactionCount = async (itemId: string) =>
      (await db.store.transactions.listForItem(itemId, { page: 1, pageSize: 10 })).total;

    test('transactions/created and /deleted of a recorded sandbox item: ignored, no Pluggy call, data kept', async () => {
      const { item, account, stored } = await recordedItem(true);

      const createdRow = await waitForFinished(
        db.store,
        await deliver(db.store, created(item.id, account.id)),
      );
      const deletedRow = await waitForFinished(
        db.store,
        await deliver(db.store, deletedEvent(item.id, account.id, [stored.id])),
      );

      assert.equal(createdRow.outcome, 'ignored: sandbox connector');
      assert.equal(deletedRow.outcome, 'ignored: sandbox connector');
      assert.deepEqual(pluggy.calls, []);
      assert.equal(await transactionCount(item.id), 1);
      assert.ok(
        logs.lines.some((line) => line.itemId === item.id && /sandbox connector/.test(String(line.msg))),
      );
    });

    test('a row recorded before the sandbox flag was kept: one re-read settles it for the next events', async () => {
      const { item, account } = await recordedItem(true);
      await forgetSandboxFlag(db.options, item.id);
      // A re-read older than the stored state: the flag is settled all the same.
      pluggy.items.set(item.id, { ...item, updatedAt: '2025-12-31T00:00:00.000Z' } as never);
      assert.deepEqual(await db.store.items.recordedOwner(item.id), { userId: 'alice', isSandbox: null });

      const first = await waitForFinished(db.store, await deliver(db.store, created(item.id, account.id)));
      const second = await waitForFinished(db.store, await deliver(db.store, created(item.id, account.id)));

      assert.equal(first.outcome, 'ignored: sandbox connector');
      assert.equal(second.outcome, 'ignored: sandbox connector');
      assert.deepEqual(
        pluggy.calls.map((call) => call.method),
        ['fetchItem'],
      );
      assert.deepEqual(await db.store.items.recordedOwner(item.id), { userId: 'alice', isSandbox: true });
      assert.equal(await transactionCount(item.id), 1);
    });

    test('transactions/deleted on a row without the flag: applied with no Pluggy call (deleting loses nothing)', async () => {
      const { item, account, stored } = await recordedItem(true);
      await forgetSandboxFlag(db.options, item.id);

      const row = await waitForFinished(
        db.store,
        await deliver(db.store, deletedEvent(item.id, account.id, [stored.id])),
      );

      assert.equal(row.outcome, 'deleted 1 transactions');
      assert.deepEqual(pluggy.calls, []);
      assert.equal(await transactionCount(item.id), 0);
    });

    test('an item of a real connector is unaffected: its transactions are applied with no re-read', async () => {
      const { item, account } = await recordedItem(false);

      const row = await waitForFinished(db.store, await deliver(db.store, created(item.id, account.id)));

      assert.match(row.outcome ?? '', /^upserted 2 transactions/);
      assert.deepEqual(
        pluggy.calls.map((call) => call.method),
        ['fetchTransactions'],
      );
      assert.equal(await transactionCount(item.id), 2);
    });
  });
}
