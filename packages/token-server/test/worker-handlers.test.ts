import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { createChangeFeed, type ItemChange } from '../src/changes.js';
import { enqueueItemSync, startWorker, type WebhookHooks, type Worker } from '../src/webhooks/index.js';
import { FakePluggy } from './helpers/fake-pluggy.js';
import { deliver, waitFor, waitForFinished } from './helpers/inbox-waits.js';
import { captureLogger } from './helpers/logs.js';
import { makeAccount, makeItem, makeTransaction } from './helpers/pluggy-fixtures.js';
import { backends, mintedFor, type TestStore } from './helpers/stores.js';

for (const backend of backends) {
  describe(`webhook handlers through the worker (${backend.name})`, () => {
    let db: TestStore;
    let pluggy: FakePluggy;
    let worker: Worker;
    let changes: ItemChange[];
    let hookCalls: { hook: string; userId: string; itemId: string; detail?: unknown }[];
    let logs: ReturnType<typeof captureLogger>;

    before(async () => {
      db = await backend.open();
    });
    after(async () => {
      await db.cleanup();
    });
    beforeEach(() => {
      pluggy = new FakePluggy();
      changes = [];
      hookCalls = [];
      logs = captureLogger();
      const feed = createChangeFeed();
      const publish = feed.publish;
      feed.publish = (change) => {
        changes.push(change);
        publish(change);
      };
      const hooks: WebhookHooks = {
        onItemUpdated: ({ userId, item }) =>
          void hookCalls.push({ hook: 'onItemUpdated', userId, itemId: item.id, detail: item.status }),
        onItemError: ({ userId, item }) =>
          void hookCalls.push({ hook: 'onItemError', userId, itemId: item.id, detail: item.status }),
        onItemDeleted: ({ userId, itemId }) => void hookCalls.push({ hook: 'onItemDeleted', userId, itemId }),
        onTransactionsChanged: ({ userId, itemId, upserted, deleted }) =>
          void hookCalls.push({
            hook: 'onTransactionsChanged',
            userId,
            itemId,
            detail: { upserted: upserted.length, deleted },
          }),
      };
      worker = startWorker({
        store: db.store,
        pluggy,
        changes: feed,
        hooks,
        logger: logs.logger,
        pollIntervalMs: 10,
      });
    });
    afterEach(async () => {
      await worker.stop();
    });

    /** An item at Pluggy with one account and `count` transactions, made with a token this server minted. */
    async function seedPluggy(itemOverrides: Record<string, unknown> = {}, count = 3) {
      const item = makeItem(itemOverrides);
      if (item.clientUserId) await mintedFor(db.store, item.clientUserId);
      const account = makeAccount(item.id);
      const transactions = Array.from({ length: count }, () => makeTransaction(account.id));
      pluggy.items.set(item.id, item);
      pluggy.accounts.set(item.id, [account]);
      pluggy.transactions.set(account.id, transactions);
      return { item, account, transactions };
    }

    const UPDATED_AT = '2026-01-01T11:00:00.000Z';
    const updated = { isUpdated: true, lastUpdatedAt: UPDATED_AT };

    /**
     * Pluggy re-ran `item` to PARTIAL_SUCCESS with `statusDetail`; delivers item/updated and waits for it.
     * Answers the finished row and the Pluggy calls the run made.
     */
    async function partialRun(item: ReturnType<typeof makeItem>, statusDetail: Record<string, unknown>) {
      pluggy.items.set(item.id, {
        ...item,
        executionStatus: 'PARTIAL_SUCCESS',
        updatedAt: UPDATED_AT,
        statusDetail,
      } as never);
      const before = pluggy.calls.length;
      const row = await waitForFinished(
        db.store,
        await deliver(db.store, { event: 'item/updated', itemId: item.id }),
      );
      return { row, calls: pluggy.calls.slice(before) };
    }

    test('item/updated SUCCESS: adopts an item made for a user we minted a token for, syncs accounts and every transaction', async () => {
      const { item, account } = await seedPluggy({ clientUserId: 'alice' }, 3);
      const eventId = await deliver(db.store, { event: 'item/updated', itemId: item.id });
      const row = await waitForFinished(db.store, eventId);

      assert.equal(row.status, 'done');
      assert.match(row.outcome ?? '', /^synced accounts\+transactions: 1 accounts, 3 transactions/);
      assert.equal((await db.store.items.findOwned('alice', item.id))?.status, 'UPDATED');
      assert.deepEqual(
        (await db.store.accounts.listForItem(item.id)).map((stored) => stored.id),
        [account.id],
      );
      assert.equal((await db.store.transactions.listForItem(item.id, { page: 1, pageSize: 10 })).total, 3);
      assert.deepEqual(changes, [
        { userId: 'alice', itemId: item.id, kind: 'updated', status: 'UPDATED' },
        { userId: 'alice', itemId: item.id, kind: 'transactions', status: 'UPDATED' },
      ]);
      assert.deepEqual(hookCalls, [
        { hook: 'onItemUpdated', userId: 'alice', itemId: item.id, detail: 'UPDATED' },
        {
          hook: 'onTransactionsChanged',
          userId: 'alice',
          itemId: item.id,
          detail: { upserted: 3, deleted: [] },
        },
      ]);
    });

    test('PARTIAL_SUCCESS: syncs only products marked isUpdated and keeps the warnings', async () => {
      const { item, account } = await seedPluggy({ clientUserId: 'bob' }, 2);
      await waitForFinished(db.store, await deliver(db.store, { event: 'item/created', itemId: item.id }));

      const newTransaction = makeTransaction(account.id);
      pluggy.transactions.get(account.id)!.push(newTransaction);
      pluggy.accounts.set(item.id, [{ ...account, balance: -1 }]);
      const { row, calls } = await partialRun(item, {
        accounts: {
          isUpdated: false,
          lastUpdatedAt: null,
          warnings: [{ code: '001', message: 'Accounts could not be collected' }],
        },
        transactions: updated,
      });

      assert.match(row.outcome ?? '', /^synced transactions: 1 accounts, 3 transactions/);
      assert.deepEqual(
        calls.map((call) => call.method),
        ['fetchItem', 'fetchAccounts', 'fetchTransactions'],
      );
      assert.equal(
        (await db.store.accounts.listForItem(item.id))[0]?.balance,
        account.balance,
        'failed product keeps its last data',
      );
      assert.equal((await db.store.transactions.listForItem(item.id, { page: 1, pageSize: 10 })).total, 3);
      const stored = await db.store.items.findOwned('bob', item.id);
      assert.equal(stored?.executionStatus, 'PARTIAL_SUCCESS');
      assert.deepEqual(stored?.warnings, [
        { product: 'accounts', code: '001', message: 'Accounts could not be collected' },
      ]);
    });

    test('PARTIAL_SUCCESS with only transactions updated: an account Pluggy dropped is not asked for transactions and keeps its row', async () => {
      const { item, account } = await seedPluggy({ clientUserId: 'bob' }, 1);
      const closed = makeAccount(item.id);
      pluggy.accounts.set(item.id, [account, closed]);
      pluggy.transactions.set(closed.id, [makeTransaction(closed.id)]);
      await waitForFinished(db.store, await deliver(db.store, { event: 'item/created', itemId: item.id }));

      pluggy.accounts.set(item.id, [account]);
      pluggy.transactions.get(account.id)!.push(makeTransaction(account.id));
      const { row, calls } = await partialRun(item, {
        accounts: { isUpdated: false, lastUpdatedAt: null },
        transactions: updated,
      });

      assert.match(row.outcome ?? '', /^synced transactions: 1 accounts, 2 transactions/);
      assert.deepEqual(
        calls.filter((call) => call.method === 'fetchTransactions').map((call) => call.args[0]),
        [account.id],
      );
      assert.deepEqual(
        (await db.store.accounts.listForItem(item.id)).map((stored) => stored.id).sort(),
        [account.id, closed.id].sort(),
        'the accounts product failed this run: no account row is written or deleted',
      );
    });

    test('SUCCESS after Pluggy dropped an account: the account and its transactions are deleted and reported', async () => {
      const { item, account } = await seedPluggy({ clientUserId: 'bob' }, 1);
      const closed = makeAccount(item.id);
      const closedTransactions = [makeTransaction(closed.id), makeTransaction(closed.id)];
      pluggy.accounts.set(item.id, [account, closed]);
      pluggy.transactions.set(closed.id, closedTransactions);
      await waitForFinished(db.store, await deliver(db.store, { event: 'item/created', itemId: item.id }));
      assert.equal((await db.store.accounts.listForItem(item.id)).length, 2);

      pluggy.accounts.set(item.id, [account]);
      pluggy.items.set(item.id, { ...item, updatedAt: UPDATED_AT } as never);
      hookCalls.length = 0;
      const calls = pluggy.calls.length;
      await waitForFinished(db.store, await deliver(db.store, { event: 'item/updated', itemId: item.id }));

      assert.deepEqual(
        (await db.store.accounts.listForItem(item.id)).map((stored) => stored.id),
        [account.id],
      );
      assert.equal((await db.store.transactions.listForItem(item.id, { page: 1, pageSize: 10 })).total, 1);
      assert.ok(
        !pluggy.calls
          .slice(calls)
          .some((call) => call.method === 'fetchTransactions' && call.args[0] === closed.id),
        'the closed account is not asked for transactions',
      );
      const changed = hookCalls.find((call) => call.hook === 'onTransactionsChanged');
      assert.deepEqual(
        (changed?.detail as { deleted: string[] }).deleted.sort(),
        closedTransactions.map((transaction) => transaction.id).sort(),
      );
    });

    /**
     * An item whose bank and credit-card accounts are stored, then re-run with only the credit cards updated;
     * `bankAtPluggy` false: Pluggy has dropped the bank account meanwhile.
     */
    async function creditCardsOnlyRun(bankAtPluggy: boolean) {
      const { item, account: bank } = await seedPluggy({ clientUserId: 'bob' }, 1);
      const card = makeAccount(item.id, { type: 'CREDIT', subtype: 'CREDIT_CARD', balance: 10 });
      pluggy.accounts.set(item.id, [bank, card]);
      pluggy.transactions.set(card.id, [makeTransaction(card.id)]);
      await waitForFinished(db.store, await deliver(db.store, { event: 'item/created', itemId: item.id }));
      const bankBefore = (await db.store.accounts.listForItem(item.id)).find((row) => row.id === bank.id);
      pluggy.accounts.set(item.id, [
        ...(bankAtPluggy ? [{ ...bank, balance: -1 }] : []),
        { ...card, balance: 99 },
      ]);
      pluggy.transactions.get(bank.id)!.push(makeTransaction(bank.id));
      pluggy.transactions.get(card.id)!.push(makeTransaction(card.id));
      const { row, calls } = await partialRun(item, {
        accounts: { isUpdated: false, lastUpdatedAt: null },
        creditCards: updated,
        transactions: updated,
      });
      const stored = await db.store.accounts.listForItem(item.id);
      const total = (await db.store.transactions.listForItem(item.id, { page: 1, pageSize: 10 })).total;
      const transactionFetches = calls
        .filter((call) => call.method === 'fetchTransactions')
        .map((call) => call.args[0]);
      return {
        row,
        calls,
        bank,
        card,
        bankBefore,
        stored,
        total,
        transactionFetches,
      };
    }

    test('PARTIAL_SUCCESS with only creditCards updated: records only the CREDIT accounts; the bank row keeps its data', async () => {
      const { row, calls, bank, card, bankBefore, stored, total, transactionFetches } =
        await creditCardsOnlyRun(true);

      assert.match(row.outcome ?? '', /^synced accounts\(CREDIT\)\+transactions: 2 accounts, 4 transactions/);
      assert.deepEqual(
        calls.filter((call) => call.method === 'fetchAccounts').map((call) => call.args),
        [[card.itemId]],
        "one read of Pluggy's account list",
      );
      assert.deepEqual(
        stored.find((account) => account.id === bank.id),
        bankBefore,
        'bank failed: its row is untouched (last good balance, same syncedAt)',
      );
      assert.equal(stored.find((account) => account.id === card.id)?.balance, 99);
      assert.deepEqual(transactionFetches, [bank.id, card.id], "the bank account's fresh transactions too");
      assert.equal(total, 4);
    });

    test('PARTIAL_SUCCESS with only creditCards updated: an account Pluggy dropped is not asked for transactions', async () => {
      const { row, bank, card, bankBefore, stored, total, transactionFetches } =
        await creditCardsOnlyRun(false);

      assert.match(row.outcome ?? '', /^synced accounts\(CREDIT\)\+transactions: 1 accounts, 2 transactions/);
      assert.deepEqual(transactionFetches, [card.id]);
      assert.deepEqual(
        stored.find((account) => account.id === bank.id),
        bankBefore,
        'the failed kind is not touched either way',
      );
      assert.equal(total, 3, "the card's new transaction is added; the stored ones stay");
    });

    for (const [status, executionStatus, event, kind, hook] of [
      ['LOGIN_ERROR', 'INVALID_CREDENTIALS', 'item/error', 'error', 'onItemError'],
      ['OUTDATED', 'SITE_NOT_AVAILABLE', 'item/updated', 'error', 'onItemError'],
      ['WAITING_USER_INPUT', 'WAITING_USER_INPUT', 'item/waiting_user_input', 'updated', 'onItemUpdated'],
      ['WAITING_USER_ACTION', 'WAITING_USER_ACTION', 'item/waiting_user_action', 'updated', 'onItemUpdated'],
    ] as const) {
      test(`${status} (${event}): recorded for the UI, no data fetched`, async () => {
        const error = kind === 'error' ? { code: executionStatus, message: 'Needs attention' } : null;
        const { item } = await seedPluggy({ clientUserId: 'carol', status, executionStatus, error });
        const row = await waitForFinished(db.store, await deliver(db.store, { event, itemId: item.id }));

        assert.equal(row.outcome, `recorded ${status}`);
        assert.deepEqual(
          pluggy.calls.map((call) => call.method),
          ['fetchItem'],
        );
        const stored = await db.store.items.findOwned('carol', item.id);
        assert.deepEqual(
          [stored?.status, stored?.executionStatus, stored?.error],
          [status, executionStatus, error],
        );
        assert.deepEqual(changes, [{ userId: 'carol', itemId: item.id, kind, status }]);
        assert.deepEqual(
          hookCalls.map((call) => call.hook),
          [hook],
        );
      });
    }

    test('case 16: an item that is neither recorded nor has a clientUserId is ignored, logged, and finished', async () => {
      const { item } = await seedPluggy({ clientUserId: null });
      const row = await waitForFinished(
        db.store,
        await deliver(db.store, { event: 'item/updated', itemId: item.id }),
      );
      assert.deepEqual([row.status, row.outcome, row.attempts], ['done', 'ignored: item not ours', 1]);
      assert.equal(await db.store.items.ownerOf(item.id), undefined);
      assert.deepEqual(await db.store.accounts.listForItem(item.id), []);
      assert.ok(
        logs.lines.some(
          (line) => line.itemId === item.id && /not ours|no clientUserId/.test(String(line.msg)),
        ),
      );
      assert.deepEqual(changes, []);
    });

    test('case 16: an item whose clientUserId never got a token from this server (minted elsewhere) is not adopted', async () => {
      const item = makeItem({ clientUserId: 'mallory' });
      const account = makeAccount(item.id);
      const link = `https://api.example/transactions?accountId=${account.id}`;
      pluggy.items.set(item.id, item);
      pluggy.accounts.set(item.id, [account]);
      pluggy.links.set(link, [makeTransaction(account.id)]);
      const updated = await waitForFinished(
        db.store,
        await deliver(db.store, { event: 'item/updated', itemId: item.id }),
      );
      const created = await waitForFinished(
        db.store,
        await deliver(db.store, {
          event: 'transactions/created',
          itemId: item.id,
          accountId: account.id,
          createdTransactionsLink: link,
        }),
      );
      assert.deepEqual(
        [updated.status, updated.outcome, created.status, created.outcome],
        ['done', 'ignored: item not ours', 'done', 'ignored: item not ours'],
      );
      assert.equal(await db.store.items.ownerOf(item.id), undefined);
      assert.deepEqual(await db.store.items.listOwned('mallory'), []);
      assert.deepEqual(pluggy.callsOf('fetchAccounts'), []);
      assert.deepEqual(pluggy.callsOf('fetchTransactionsByLink'), []);
      assert.ok(logs.lines.some((line) => line.itemId === item.id && /never minted/.test(String(line.msg))));
      assert.deepEqual([changes, hookCalls], [[], []]);
    });

    test('case 21: Pluggy answering 404 for an item finishes the event (not retried)', async () => {
      const itemId = randomUUID();
      const row = await waitForFinished(db.store, await deliver(db.store, { event: 'item/updated', itemId }));
      assert.deepEqual([row.status, row.outcome, row.attempts], ['done', 'ignored: item not found', 1]);
    });

    test('item/deleted: confirmed gone at Pluggy -> local data deleted, UI and host told', async () => {
      const { item } = await seedPluggy({ clientUserId: 'dave' });
      await waitForFinished(db.store, await deliver(db.store, { event: 'item/created', itemId: item.id }));
      pluggy.items.delete(item.id);
      changes.length = 0;
      hookCalls.length = 0;
      const row = await waitForFinished(
        db.store,
        await deliver(db.store, { event: 'item/deleted', itemId: item.id }),
      );
      assert.equal(row.outcome, 'deleted');
      assert.equal(await db.store.items.ownerOf(item.id), undefined);
      assert.equal((await db.store.transactions.listForItem(item.id, { page: 1, pageSize: 1 })).total, 0);
      assert.deepEqual(changes, [{ userId: 'dave', itemId: item.id, kind: 'deleted' }]);
      assert.deepEqual(hookCalls, [{ hook: 'onItemDeleted', userId: 'dave', itemId: item.id }]);
    });

    test('case 15: out of order — item/updated before item/created, item/deleted before item/updated — converge', async () => {
      const { item } = await seedPluggy({ clientUserId: 'erin' });
      const updatedFirst = await deliver(db.store, { event: 'item/updated', itemId: item.id });
      await waitForFinished(db.store, updatedFirst);
      await waitForFinished(db.store, await deliver(db.store, { event: 'item/created', itemId: item.id }));
      assert.equal((await db.store.items.findOwned('erin', item.id))?.status, 'UPDATED');
      assert.equal((await db.store.transactions.listForItem(item.id, { page: 1, pageSize: 10 })).total, 3);

      pluggy.items.delete(item.id);
      await waitForFinished(db.store, await deliver(db.store, { event: 'item/deleted', itemId: item.id }));
      const late = await waitForFinished(
        db.store,
        await deliver(db.store, { event: 'item/updated', itemId: item.id }),
      );
      assert.equal(late.outcome, 'ignored: item not found');
      assert.equal(
        await db.store.items.ownerOf(item.id),
        undefined,
        'a late update does not resurrect a deleted item',
      );
      assert.deepEqual(await db.store.accounts.listForItem(item.id), []);
    });

    test('case 15: an older re-read processed after a newer one does not roll the state back', async () => {
      const { item } = await seedPluggy({
        clientUserId: 'erin',
        status: 'UPDATING',
        executionStatus: 'LOGIN_IN_PROGRESS',
        updatedAt: '2026-05-01T00:00:01.000Z',
      });
      await waitForFinished(
        db.store,
        await deliver(db.store, { event: 'item/login_succeeded', itemId: item.id }),
      );
      pluggy.items.set(item.id, {
        ...item,
        status: 'LOGIN_ERROR',
        executionStatus: 'INVALID_CREDENTIALS',
        updatedAt: '2026-05-01T00:00:09.000Z',
      } as never);
      await waitForFinished(db.store, await deliver(db.store, { event: 'item/error', itemId: item.id }));
      // Simulates a slow worker writing what it read earlier.
      await db.store.items.upsertFromPluggy(item);
      assert.equal((await db.store.items.findOwned('erin', item.id))?.status, 'LOGIN_ERROR');
    });

    test('transactions/created follows the link; /updated refetches by id; /deleted removes by id', async () => {
      const { item, account, transactions } = await seedPluggy({ clientUserId: 'fay' }, 2);
      await waitForFinished(db.store, await deliver(db.store, { event: 'item/created', itemId: item.id }));

      const fresh = [makeTransaction(account.id), makeTransaction(account.id)];
      const link = `https://api.example/transactions?accountId=${account.id}&createdAtFrom=2026-01-11T00:00:00.000Z`;
      pluggy.links.set(link, fresh);
      const created = await waitForFinished(
        db.store,
        await deliver(db.store, {
          event: 'transactions/created',
          itemId: item.id,
          accountId: account.id,
          createdTransactionsLink: link,
        }),
      );
      assert.equal(created.outcome, 'upserted 2 transactions');
      assert.deepEqual(pluggy.callsOf('fetchTransactionsByLink'), [[link]]);

      const changed = { ...transactions[0]!, description: 'Renamed by the bank' };
      pluggy.transactions.set(account.id, [changed, transactions[1]!, ...fresh]);
      const updated = await waitForFinished(
        db.store,
        await deliver(db.store, {
          event: 'transactions/updated',
          itemId: item.id,
          accountId: account.id,
          transactionIds: [changed.id],
        }),
      );
      assert.equal(updated.outcome, 'upserted 1 transactions');
      assert.deepEqual(pluggy.callsOf('fetchTransactions').at(-1), [account.id, { ids: [changed.id] }]);

      const deleted = await waitForFinished(
        db.store,
        await deliver(db.store, {
          event: 'transactions/deleted',
          itemId: item.id,
          accountId: account.id,
          transactionIds: [fresh[0]!.id],
        }),
      );
      assert.equal(deleted.outcome, 'deleted 1 transactions');

      const stored = await db.store.transactions.listForItem(item.id, { page: 1, pageSize: 10 });
      assert.equal(stored.total, 3);
      assert.equal(stored.results.find((t) => t.id === changed.id)?.description, 'Renamed by the bank');
      assert.ok(!stored.results.some((t) => t.id === fresh[0]!.id));
      assert.deepEqual(
        hookCalls.filter((call) => call.hook === 'onTransactionsChanged').map((call) => call.detail),
        [
          { upserted: 2, deleted: [] },
          { upserted: 2, deleted: [] },
          { upserted: 1, deleted: [] },
          { upserted: 0, deleted: [fresh[0]!.id] },
        ],
      );
    });

    test('transactions events for an item that is not ours change nothing', async () => {
      const { item, account } = await seedPluggy({ clientUserId: null });
      const link = `https://api.example/transactions?accountId=${account.id}`;
      pluggy.links.set(link, [makeTransaction(account.id)]);
      const created = await waitForFinished(
        db.store,
        await deliver(db.store, {
          event: 'transactions/created',
          itemId: item.id,
          accountId: account.id,
          createdTransactionsLink: link,
        }),
      );
      assert.equal(created.outcome, 'ignored: item not ours');
      assert.deepEqual(pluggy.callsOf('fetchTransactionsByLink'), []);
      const deleted = await waitForFinished(
        db.store,
        await deliver(db.store, {
          event: 'transactions/deleted',
          itemId: item.id,
          accountId: account.id,
          transactionIds: ['x'],
        }),
      );
      assert.equal(deleted.outcome, 'ignored: item not recorded');
    });

    test("connector/status_updated is recorded and tells the owners of that connector's items", async () => {
      const { item } = await seedPluggy({ clientUserId: 'gus', connector: { id: 777, name: 'Flaky Bank' } });
      await waitForFinished(db.store, await deliver(db.store, { event: 'item/created', itemId: item.id }));
      changes.length = 0;
      const row = await waitForFinished(
        db.store,
        await deliver(db.store, {
          event: 'connector/status_updated',
          id: '777',
          data: { status: 'UNSTABLE' },
        }),
      );
      assert.equal(row.outcome, 'recorded connector 777 UNSTABLE');
      assert.equal(await db.store.connectors.get(777), 'UNSTABLE');
      assert.deepEqual(changes, [{ userId: 'gus', itemId: item.id, kind: 'updated', status: 'UPDATED' }]);
    });

    test('enqueueItemSync (POST /items) syncs an item whose webhook came before it was recorded', async () => {
      const { item } = await seedPluggy({ clientUserId: 'ida' }, 2);
      await db.store.items.recordOwnership('ida', item);
      await enqueueItemSync(db.store, item.id);
      const row = await waitFor(async () => {
        const queued = (await db.store.inbox.list('done', 10_000)).find((event) => event.itemId === item.id);
        return queued?.eventId.startsWith('kit-sync-') ? queued : undefined;
      });
      assert.equal(row.event, 'item/updated');
      assert.match(row.outcome ?? '', /^synced accounts\+transactions: 1 accounts, 2 transactions/);
      assert.equal((await db.store.transactions.listForItem(item.id, { page: 1, pageSize: 10 })).total, 2);
    });

    test("one item's events run one at a time: a deletion waits for a sync that read Pluggy before it", async () => {
      const { item, transactions } = await seedPluggy({ clientUserId: 'jo' }, 3);
      await waitForFinished(db.store, await deliver(db.store, { event: 'item/created', itemId: item.id }));
      // The next sync reads accounts slowly; its transaction list (still holding the deleted one) is stale.
      pluggy.delay('fetchAccounts', 300);
      const sync = await deliver(db.store, { event: 'item/updated', itemId: item.id });
      const removal = await deliver(db.store, {
        event: 'transactions/deleted',
        itemId: item.id,
        accountId: transactions[0]!.accountId,
        transactionIds: [transactions[0]!.id],
      });
      const [synced, removed] = [
        await waitForFinished(db.store, sync),
        await waitForFinished(db.store, removal),
      ];
      assert.ok(synced.finishedAt! <= removed.finishedAt!);
      assert.equal(removed.outcome, 'deleted 1 transactions');
      const left = await db.store.transactions.listForItem(item.id, { page: 1, pageSize: 10 });
      assert.deepEqual(
        left.results.map((transaction) => transaction.id).sort(),
        [transactions[1]!.id, transactions[2]!.id].sort(),
      );
    });

    /** Stores item events of one item in one commit (as a burst of deliveries would be), oldest first. */
    async function storeBacklog(itemId: string, events: string[]): Promise<string[]> {
      const stored = events.map((event, index) => {
        const eventId = randomUUID();
        return {
          eventId,
          event,
          itemId,
          payload: { event, eventId, itemId },
          receivedAt: Date.now() - 1000 + index,
        };
      });
      await db.store.inbox.insertEach(stored);
      return stored.map((event) => event.eventId);
    }

    test('a backlog of item events is answered by one re-read; an event stored during that read gets its own', async () => {
      const { item } = await seedPluggy({ clientUserId: 'kim' }, 2);
      await waitForFinished(db.store, await deliver(db.store, { event: 'item/created', itemId: item.id }));
      const readsBefore = pluggy.callsOf('fetchItem').length;
      hookCalls = [];
      pluggy.delay('fetchItem', 200);
      // More than the worker claims at once (4): some are covered from its queue, the rest from the inbox.
      const backlog = await storeBacklog(item.id, [
        'item/updated',
        'item/login_succeeded',
        'item/updated',
        'item/error',
        'item/updated',
        'item/updated',
      ]);
      await waitFor(async () => pluggy.callsOf('fetchItem').length > readsBefore, 5000, 'the re-read');
      const late = await deliver(db.store, { event: 'item/updated', itemId: item.id });

      const [primary, ...covered] = await Promise.all(backlog.map((id) => waitForFinished(db.store, id)));
      const lateRow = await waitForFinished(db.store, late);
      assert.match(primary!.outcome ?? '', /^synced accounts\+transactions: 1 accounts, 2 transactions$/);
      for (const row of covered) {
        assert.equal(row.status, 'done');
        assert.equal(row.outcome, `${primary!.outcome} (with ${primary!.eventId})`);
      }
      assert.equal(lateRow.outcome, primary!.outcome, 'the late event ran a sync of its own');
      assert.equal(pluggy.callsOf('fetchItem').length, readsBefore + 2);
      assert.equal(hookCalls.filter((call) => call.hook === 'onItemUpdated').length, 2);
    });

    test('a failed covering run schedules a retry for every event it covered', async () => {
      const { item } = await seedPluggy({ clientUserId: 'lee' });
      await waitForFinished(db.store, await deliver(db.store, { event: 'item/created', itemId: item.id }));
      pluggy.failNext('fetchItem', 1);
      const backlog = await storeBacklog(item.id, [
        'item/updated',
        'item/updated',
        'item/waiting_user_input',
      ]);
      const rows = await waitFor(async () => {
        const all = await Promise.all(backlog.map((id) => db.store.inbox.get(id)));
        return all.every((row) => row?.status === 'pending' && row.lastError) ? all : undefined;
      });
      for (const row of rows) {
        assert.equal(row!.attempts, 1);
        assert.equal(row!.lastError, 'Pluggy 502: Bad gateway');
      }
      assert.equal(
        pluggy.callsOf('fetchItem').length,
        2,
        'one re-read for the item/created, one for the backlog',
      );
    });

    test('case 14: a duplicate delivery has one effect', async () => {
      const { item } = await seedPluggy({ clientUserId: 'hal' });
      const body = { event: 'item/updated', itemId: item.id, eventId: randomUUID() };
      await deliver(db.store, body);
      await deliver(db.store, body);
      await waitForFinished(db.store, body.eventId);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(pluggy.callsOf('fetchItem').length, 1);
      assert.equal(hookCalls.filter((call) => call.hook === 'onItemUpdated').length, 1);
    });
  });
}
