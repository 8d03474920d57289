/**
 * Events delivered on a user's per-token webhook URL (scoped to that user) act only on that user's items:
 * the user can read that URL, so such events may be forged by them.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { startWorker, type Worker } from '../src/webhooks/index.js';
import { FakePluggy } from './helpers/fake-pluggy.js';
import { deliver, waitForFinished } from './helpers/inbox-waits.js';
import { captureLogger } from './helpers/logs.js';
import { makeAccount, makeItem, makeTransaction } from './helpers/pluggy-fixtures.js';
import { backends, mintedFor, type TestStore } from './helpers/stores.js';

const OUT_OF_SCOPE = 'ignored: not the item of the user whose webhook URL delivered it';

for (const backend of backends) {
  describe(`scoped webhook events (${backend.name})`, () => {
    let db: TestStore;
    let pluggy: FakePluggy;
    let worker: Worker | undefined;

    before(async () => {
      db = await backend.open();
    });
    after(async () => {
      await db.cleanup();
    });
    beforeEach(() => {
      pluggy = new FakePluggy();
    });
    afterEach(async () => {
      await worker?.stop();
      worker = undefined;
    });

    const start = () => {
      worker = startWorker({ store: db.store, pluggy, logger: captureLogger().logger, pollIntervalMs: 10 });
    };

    /** An item at Pluggy made for `clientUserId` (a user we minted for), with one account and a transaction. */
    async function seed(clientUserId: string, recorded: boolean) {
      const item = makeItem({ clientUserId });
      await mintedFor(db.store, clientUserId);
      const account = makeAccount(item.id);
      pluggy.items.set(item.id, item);
      pluggy.accounts.set(item.id, [account]);
      pluggy.transactions.set(account.id, [makeTransaction(account.id)]);
      if (recorded) await db.store.items.recordOwnership(clientUserId, item);
      return { item, account };
    }

    test("another user's recorded item: ignored without asking Pluggy anything", async () => {
      start();
      const { item, account } = await seed('alice', true);
      for (const body of [
        { event: 'item/updated', itemId: item.id },
        { event: 'transactions/deleted', itemId: item.id, accountId: account.id, transactionIds: ['t'] },
      ]) {
        const row = await waitForFinished(db.store, await deliver(db.store, body, Date.now(), 'bob'));
        assert.equal(row.outcome, OUT_OF_SCOPE, body.event);
      }
      assert.deepEqual(pluggy.calls, []);
      assert.deepEqual(await db.store.accounts.listForItem(item.id), []);
    });

    test("the user's own item is handled as usual; an unrecorded item is judged by Pluggy's clientUserId", async () => {
      start();
      const { item: own } = await seed('alice', true);
      const ownRow = await waitForFinished(
        db.store,
        await deliver(db.store, { event: 'item/updated', itemId: own.id }, Date.now(), 'alice'),
      );
      assert.match(ownRow.outcome ?? '', /^synced accounts\+transactions/);

      const { item: unrecorded } = await seed('alice', false);
      const forged = await waitForFinished(
        db.store,
        await deliver(db.store, { event: 'item/created', itemId: unrecorded.id }, Date.now(), 'bob'),
      );
      assert.equal(forged.outcome, OUT_OF_SCOPE);
      assert.equal(await db.store.items.ownerOf(unrecorded.id), undefined, 'not adopted by anyone');
      const real = await waitForFinished(
        db.store,
        await deliver(db.store, { event: 'item/created', itemId: unrecorded.id }, Date.now(), 'alice'),
      );
      assert.match(real.outcome ?? '', /^synced/);
      assert.equal(await db.store.items.ownerOf(unrecorded.id), 'alice');
    });

    test('a connector event on a user path is ignored: Pluggy sends those to registered webhooks only', async () => {
      start();
      const row = await waitForFinished(
        db.store,
        await deliver(
          db.store,
          { event: 'connector/status_updated', id: '0', data: { status: 'OFFLINE' } },
          Date.now(),
          'bob',
        ),
      );
      assert.equal(row.outcome, OUT_OF_SCOPE);
      assert.equal(await db.store.connectors.get(0), undefined);
    });

    test("an ignored scoped event does not answer the item's other pending events", async () => {
      const { item } = await seed('alice', true);
      const forged = await deliver(
        db.store,
        { event: 'item/updated', itemId: item.id },
        Date.now() - 10,
        'bob',
      );
      const genuine = await deliver(db.store, { event: 'item/updated', itemId: item.id });
      start();
      assert.equal((await waitForFinished(db.store, forged)).outcome, OUT_OF_SCOPE);
      assert.match(
        (await waitForFinished(db.store, genuine)).outcome ?? '',
        /^synced accounts\+transactions/,
      );
    });
  });
}
