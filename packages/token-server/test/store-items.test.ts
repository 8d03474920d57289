import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openStore, StoreError } from '../src/store/index.js';
import { makeAccount, makeItem, makeTransaction } from './helpers/pluggy-fixtures.js';
import { backends, type TestStore } from './helpers/stores.js';

for (const backend of backends) {
  describe(`items store (${backend.name})`, () => {
    let db: TestStore;
    before(async () => {
      db = await backend.open();
    });
    after(async () => {
      await db.cleanup();
    });

    test('records ownership and reads the item back only for its owner', async () => {
      const item = makeItem({ clientUserId: 'alice' });
      await db.store.items.recordOwnership('alice', item);

      const found = await db.store.items.findOwned('alice', item.id);
      assert.deepEqual(found, {
        id: item.id,
        userId: 'alice',
        connector: {
          id: 0,
          name: 'Pluggy Bank',
          imageUrl: 'https://cdn.example/sandbox.svg',
          primaryColor: 'ef294b',
        },
        status: 'UPDATED',
        executionStatus: 'SUCCESS',
        error: null,
        warnings: [],
        statusDetail: null,
        lastUpdatedAt: '2026-01-01T10:00:05.000Z',
        nextAutoSyncAt: '2026-01-02T10:00:00.000Z',
        createdAt: '2026-01-01T10:00:00.000Z',
        updatedAt: '2026-01-01T10:00:05.000Z',
      });
      assert.equal(await db.store.items.findOwned('bob', item.id), undefined);
      assert.equal(await db.store.items.ownerOf(item.id), 'alice');
      assert.equal(await db.store.items.ownerOf('no-such-item'), undefined);
    });

    test("lists only the user's own items", async () => {
      const mine = [makeItem({ clientUserId: 'carol' }), makeItem({ clientUserId: 'carol' })];
      const theirs = makeItem({ clientUserId: 'dave' });
      for (const item of mine) await db.store.items.recordOwnership('carol', item);
      await db.store.items.recordOwnership('dave', theirs);

      const listed = await db.store.items.listOwned('carol');
      assert.deepEqual(listed.map((item) => item.id).sort(), mine.map((item) => item.id).sort());
      assert.ok(listed.every((item) => item.userId === 'carol'));
    });

    test('refuses to record an item already owned by another user', async () => {
      const item = makeItem({ clientUserId: 'erin' });
      await db.store.items.recordOwnership('erin', item);
      await assert.rejects(
        db.store.items.recordOwnership('frank', item),
        (error) => error instanceof StoreError && error.code === 'ITEM_OWNED_BY_ANOTHER_USER',
      );
      assert.equal(await db.store.items.ownerOf(item.id), 'erin');
    });

    test('upsertFromPluggy keeps the newest state and never goes back to an older one', async () => {
      const item = makeItem({ clientUserId: 'gina', updatedAt: '2026-02-01T00:00:10.000Z' as never });
      await db.store.items.recordOwnership('gina', item);
      const newer = makeItem({
        id: item.id,
        clientUserId: 'gina',
        status: 'LOGIN_ERROR',
        executionStatus: 'INVALID_CREDENTIALS',
        error: { code: 'INVALID_CREDENTIALS', message: 'Invalid credentials.' },
        updatedAt: '2026-02-01T00:00:20.000Z' as never,
      } as never);
      await db.store.items.upsertFromPluggy(newer);
      const older = makeItem({
        id: item.id,
        clientUserId: 'gina',
        status: 'UPDATING',
        updatedAt: '2026-02-01T00:00:15.000Z' as never,
      } as never);
      await db.store.items.upsertFromPluggy(older);

      const found = await db.store.items.findOwned('gina', item.id);
      assert.equal(found?.status, 'LOGIN_ERROR');
      assert.equal(found?.executionStatus, 'INVALID_CREDENTIALS');
      assert.deepEqual(found?.error, { code: 'INVALID_CREDENTIALS', message: 'Invalid credentials.' });
      assert.equal(found?.updatedAt, '2026-02-01T00:00:20.000Z');
    });

    test('upsertFromPluggy never records an unknown item, whatever clientUserId Pluggy holds', async () => {
      const named = makeItem({ clientUserId: 'hank' });
      const anonymous = makeItem({ clientUserId: null });
      await db.store.items.upsertFromPluggy(named);
      await db.store.items.upsertFromPluggy(anonymous);
      assert.equal(await db.store.items.ownerOf(named.id), undefined);
      assert.equal(await db.store.items.ownerOf(anonymous.id), undefined);
    });

    test('tokenUsers remembers the users connect tokens were minted for, across store instances', async () => {
      assert.equal(await db.store.tokenUsers.has('lena'), false);
      await db.store.tokenUsers.record('lena', '2026-03-01T00:00:00.000Z');
      await db.store.tokenUsers.record('lena', '2026-03-02T00:00:00.000Z');
      assert.equal(await db.store.tokenUsers.has('lena'), true);
      const other = await openStore(db.options);
      try {
        assert.equal(await other.tokenUsers.has('lena'), true, 'another instance on the database sees it');
        assert.equal(await other.tokenUsers.has('mona'), false);
      } finally {
        await other.close();
      }
    });

    test('flattens statusDetail warnings and keeps statusDetail for PARTIAL_SUCCESS', async () => {
      const statusDetail = {
        accounts: {
          isUpdated: false,
          lastUpdatedAt: null,
          warnings: [{ code: '001', message: 'Accounts failed', providerMessage: 'bank down' }],
        },
        creditCards: null,
        transactions: { isUpdated: true, lastUpdatedAt: '2026-01-01T10:00:05.000Z' },
      };
      const item = makeItem({
        clientUserId: 'ivy',
        executionStatus: 'PARTIAL_SUCCESS',
        statusDetail,
      } as never);
      await db.store.items.recordOwnership('ivy', item);
      const found = await db.store.items.findOwned('ivy', item.id);
      assert.deepEqual(found?.warnings, [
        { product: 'accounts', code: '001', message: 'Accounts failed', providerMessage: 'bank down' },
      ]);
      assert.deepEqual(found?.statusDetail, statusDetail);
    });

    test('remove deletes the item with its accounts and transactions, and nothing of other items', async () => {
      const gone = makeItem({ clientUserId: 'jack' });
      const kept = makeItem({ clientUserId: 'jack' });
      for (const item of [gone, kept]) {
        await db.store.items.recordOwnership('jack', item);
        const account = makeAccount(item.id);
        await db.store.accounts.upsertForItem(item.id, [account]);
        await db.store.transactions.upsertForItem(item.id, [
          makeTransaction(account.id),
          makeTransaction(account.id),
        ]);
      }

      assert.equal(await db.store.items.remove(gone.id), true);
      assert.equal(await db.store.items.remove(gone.id), false, 'a second removal reports nothing removed');

      assert.equal(await db.store.items.ownerOf(gone.id), undefined);
      assert.deepEqual(await db.store.accounts.listForItem(gone.id), []);
      assert.equal((await db.store.transactions.listForItem(gone.id, { page: 1, pageSize: 10 })).total, 0);
      assert.equal((await db.store.accounts.listForItem(kept.id)).length, 1);
      assert.equal((await db.store.transactions.listForItem(kept.id, { page: 1, pageSize: 10 })).total, 2);
    });

    test("listByConnector finds every user's items on a connector", async () => {
      const item = makeItem({ clientUserId: 'kim', connector: { id: 4242, name: 'Other Bank' } as never });
      await db.store.items.recordOwnership('kim', item);
      const listed = await db.store.items.listByConnector(4242);
      assert.deepEqual(
        listed.map((found) => [found.id, found.userId, found.connector]),
        [[item.id, 'kim', { id: 4242, name: 'Other Bank' }]],
      );
      await db.store.connectors.record(4242, 'OFFLINE', '2026-03-01T00:00:00.000Z');
      const health = { status: 'OFFLINE', reportedAt: '2026-03-01T00:00:00.000Z' };
      assert.deepEqual((await db.store.items.findOwned('kim', item.id))?.connector.health, health);
      assert.deepEqual((await db.store.items.listOwned('kim'))[0]?.connector.health, health);
      assert.deepEqual((await db.store.items.listByConnector(4242))[0]?.connector.health, health);
    });
  });
}
