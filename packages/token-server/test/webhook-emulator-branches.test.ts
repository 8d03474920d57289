/**
 * The worker's handler branches driven by the emulator's sandbox users (pluggy.md §2.4), not by the in-memory
 * fake: connect tokens minted by the token server's own route, the login at Pluggy, Pluggy's webhooks through
 * createServer's receiver, the worker and the real client re-reading Pluggy, and the state each branch leaves
 * in SQLite and PostgreSQL. Every Pluggy call is logged on the wire, so "no data fetched" is checked where it
 * happens.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type Emulator } from '@pluggy-kit/emulator';
import { itemAction } from '../src/domain/item-action.js';
import type { StoredItem } from '../src/store/index.js';
import { WEBHOOK_SECRET_HEADER } from '../src/webhooks/index.js';
import { apiKeyOf } from './helpers/emulator-driver.js';
import { waitFor } from './helpers/inbox-waits.js';
import {
  emulatorCall,
  pluggyTransactionIds,
  startKitOnEmulator,
  storedTransactionIds,
  type KitOnEmulator,
} from './helpers/kit-on-emulator.js';
import { WEBHOOK_SECRET } from './helpers/kit-server.js';
import { backends, type TestStore } from './helpers/stores.js';

const MFA_2_STEP_CONNECTOR = 5;
const PLUGGY_BANK = 0;
const SETTLE_MS = 15_000;

const dataCalls = (calls: string[]) =>
  calls.filter((call) => /^GET \/(accounts|transactions|v2\/transactions)\b/.test(call));

/**
 * Each sync reads Pluggy's account list once and each listed account's transactions once. A slow machine can
 * run a second sync in the window (a late event of the first connection re-reads the finished item), so the
 * check is per sync: as many list reads as syncs, counted by the first page of one account's transactions.
 */
function assertOneAccountListReadPerSync(calls: string[], accountId: string, why: string): void {
  const listReads = dataCalls(calls).filter((call) => call.startsWith('GET /accounts')).length;
  const syncs = dataCalls(calls).filter(
    (call) => call.startsWith(`GET /v2/transactions?accountId=${accountId}`) && !call.includes('after='),
  ).length;
  assert.ok(syncs >= 1, 'synced at least once');
  assert.equal(listReads, syncs, why);
}

for (const backend of backends) {
  describe(`handler branches against the emulator's sandbox users (${backend.name})`, () => {
    let db: TestStore;
    let emulator: Emulator;
    let flow: KitOnEmulator;

    before(async () => {
      db = await backend.open();
      emulator = await startEmulator({ stepDelayMs: 1 });
      flow = await startKitOnEmulator(emulator, db.store);
    });
    after(async () => {
      await flow.stop();
      await emulator.stop();
      await db.cleanup();
    });

    const connect = (user: string, owner: 'alice' | 'bob', connectorId?: number) =>
      flow.connect(user, owner, connectorId);
    const settle = (itemId: string, event: string, count?: number) => flow.settle(itemId, event, count);
    const callsDuring = (run: () => Promise<void>) => flow.callsDuring(run);

    async function stored(userId: string, itemId: string): Promise<StoredItem> {
      const item = await db.store.items.findOwned(userId, itemId);
      assert.ok(item, `item ${itemId} is recorded for ${userId}`);
      return item;
    }

    test('PARTIAL_SUCCESS on a first sync (user-ok-account-error): the credit card is synced, statusDetail kept', async () => {
      const itemId = await connect('user-ok-account-error', 'alice');
      await settle(itemId, 'item/updated');

      const item = await stored('alice', itemId);
      assert.deepEqual([item.status, item.executionStatus], ['UPDATED', 'PARTIAL_SUCCESS']);
      const detail = item.statusDetail as Record<string, { isUpdated: boolean } | null>;
      assert.equal(detail.accounts?.isUpdated, false);
      assert.equal(detail.creditCards?.isUpdated, true);
      const accounts = await db.store.accounts.listForItem(itemId);
      assert.deepEqual(
        accounts.map((account) => account.type),
        ['CREDIT'],
        'only the product Pluggy collected is there',
      );
      assert.deepEqual(
        await storedTransactionIds(db.store, itemId),
        await pluggyTransactionIds(flow.pluggy, itemId),
      );
      assert.ok((await storedTransactionIds(db.store, itemId)).length > 0);
    });

    test('PARTIAL_SUCCESS after a good sync: only the products marked isUpdated are fetched; the failed one keeps its data', async () => {
      const itemId = await connect('user-ok', 'alice');
      await settle(itemId, 'item/updated');
      const accountsBefore = await db.store.accounts.listForItem(itemId);
      assert.equal(accountsBefore.length, 2);

      // A re-run in which the accounts product fails and transactions succeed.
      const apiKey = await apiKeyOf(emulator);
      const calls = await callsDuring(async () => {
        await emulatorCall(emulator, 'PATCH', `/items/${itemId}`, apiKey, {
          parameters: { user: 'user-ok-account-error' },
          products: ['ACCOUNTS', 'TRANSACTIONS'],
        });
        await settle(itemId, 'item/updated', 2);
      });

      const item = await stored('alice', itemId);
      assert.deepEqual([item.status, item.executionStatus], ['UPDATED', 'PARTIAL_SUCCESS']);
      assert.equal((item.statusDetail as { accounts: { isUpdated: boolean } }).accounts.isUpdated, false);
      assertOneAccountListReadPerSync(
        calls,
        accountsBefore[0]!.id,
        "accounts failed at Pluggy: its list is read once, to know which accounts' transactions to fetch",
      );
      for (const account of accountsBefore) {
        assert.ok(
          dataCalls(calls).some((call) => call.startsWith(`GET /v2/transactions?accountId=${account.id}`)),
          `transactions of ${account.id} fetched`,
        );
      }
      assert.deepEqual(
        await db.store.accounts.listForItem(itemId),
        accountsBefore,
        'the stored accounts are untouched (same rows, same syncedAt)',
      );
      assert.deepEqual(
        await storedTransactionIds(db.store, itemId),
        await pluggyTransactionIds(flow.pluggy, itemId),
      );
    });

    test('PARTIAL_SUCCESS with the bank accounts failed and credit cards updated: only CREDIT accounts are recorded', async () => {
      const itemId = await connect('user-ok', 'alice');
      await settle(itemId, 'item/updated');
      const before = await db.store.accounts.listForItem(itemId);
      assert.deepEqual(before.map((account) => account.type).sort(), ['BANK', 'CREDIT']);

      const apiKey = await apiKeyOf(emulator);
      const calls = await callsDuring(async () => {
        await emulatorCall(emulator, 'PATCH', `/items/${itemId}`, apiKey, {
          parameters: { user: 'user-ok-account-error' },
          products: ['ACCOUNTS', 'CREDIT_CARDS', 'TRANSACTIONS'],
        });
        await settle(itemId, 'item/updated', 2);
      });

      const detail = (await stored('alice', itemId)).statusDetail as Record<string, { isUpdated: boolean }>;
      assert.deepEqual([detail.accounts?.isUpdated, detail.creditCards?.isUpdated], [false, true]);
      assertOneAccountListReadPerSync(calls, before[0]!.id, "one read of Pluggy's account list");
      const after = await db.store.accounts.listForItem(itemId);
      const bank = (rows: typeof before) => rows.find((account) => account.type === 'BANK');
      const credit = (rows: typeof before) => rows.find((account) => account.type === 'CREDIT');
      assert.deepEqual(bank(after), bank(before), 'the failed bank account is untouched');
      assert.notEqual(credit(after)?.syncedAt, credit(before)?.syncedAt, 'the credit card is synced again');
      for (const account of before) {
        assert.ok(
          dataCalls(calls).some((call) => call.startsWith(`GET /v2/transactions?accountId=${account.id}`)),
          `transactions of ${account.type} fetched`,
        );
      }
    });

    test('SUCCESS with product warnings (user-ok-account-warning): everything synced, the warnings kept for the UI', async () => {
      const itemId = await connect('user-ok-account-warning', 'alice');
      await settle(itemId, 'item/updated');

      const item = await stored('alice', itemId);
      assert.deepEqual([item.status, item.executionStatus], ['UPDATED', 'SUCCESS']);
      assert.deepEqual(item.warnings, [
        {
          product: 'accounts',
          code: '001',
          message: 'Some account data could not be retrieved from the institution',
          providerMessage: 'Saldo bloqueado indisponível no momento.',
        },
      ]);
      assert.equal((await db.store.accounts.listForItem(itemId)).length, 2);
      assert.deepEqual(
        await storedTransactionIds(db.store, itemId),
        await pluggyTransactionIds(flow.pluggy, itemId),
      );
    });

    test('LOGIN_ERROR (invalid credentials): recorded with its error, the UI offers reconnect, no data fetched', async () => {
      let itemId = '';
      const calls = await callsDuring(async () => {
        itemId = await connect('user-not-in-the-sandbox', 'bob');
        await settle(itemId, 'item/error');
      });

      const item = await stored('bob', itemId);
      assert.deepEqual(
        [item.status, item.executionStatus, item.error],
        [
          'LOGIN_ERROR',
          'INVALID_CREDENTIALS',
          { code: 'INVALID_CREDENTIALS', message: 'Invalid credentials.' },
        ],
      );
      assert.equal(itemAction(item), 'reconnect');
      assert.deepEqual(dataCalls(calls), [], 'no accounts or transactions requested');
      assert.deepEqual(await db.store.accounts.listForItem(itemId), []);
      assert.ok(flow.itemHooks.some((call) => call.itemId === itemId && call.hook === 'onItemError'));
      assert.ok(flow.changes.some((change) => change.itemId === itemId && change.kind === 'error'));
    });

    test('OUTDATED, site not available (user-unavailable): recorded, the UI offers retry later, no data fetched', async () => {
      let itemId = '';
      const calls = await callsDuring(async () => {
        itemId = await connect('user-unavailable', 'bob');
        await settle(itemId, 'item/error');
      });

      const item = await stored('bob', itemId);
      assert.deepEqual(
        [item.status, item.executionStatus, item.error?.code],
        ['OUTDATED', 'SITE_NOT_AVAILABLE', 'SITE_NOT_AVAILABLE'],
      );
      assert.equal(itemAction(item), 'retry_later');
      assert.deepEqual(dataCalls(calls), []);
      assert.deepEqual(await db.store.accounts.listForItem(itemId), []);
      assert.ok(flow.itemHooks.some((call) => call.itemId === itemId && call.hook === 'onItemError'));
    });

    test('WAITING_USER_INPUT (MFA 2-step): recorded with no data fetched; after the answer the data arrives', async () => {
      let itemId = '';
      const waitingCalls = await callsDuring(async () => {
        itemId = await connect('user-ok', 'alice', MFA_2_STEP_CONNECTOR);
        await settle(itemId, 'item/waiting_user_input');
      });

      const waiting = await stored('alice', itemId);
      assert.equal(waiting.status, 'WAITING_USER_INPUT');
      assert.equal(itemAction(waiting), 'answer_mfa');
      assert.deepEqual(dataCalls(waitingCalls), [], 'nothing to fetch while the bank waits for the code');
      assert.deepEqual(await db.store.accounts.listForItem(itemId), []);

      await emulatorCall(emulator, 'POST', `/items/${itemId}/mfa`, await apiKeyOf(emulator), {
        token: '123456',
      });
      await settle(itemId, 'item/updated');
      const done = await stored('alice', itemId);
      assert.deepEqual([done.status, done.executionStatus], ['UPDATED', 'SUCCESS']);
      assert.equal((await db.store.accounts.listForItem(itemId)).length, 2);
      assert.deepEqual(
        await storedTransactionIds(db.store, itemId),
        await pluggyTransactionIds(flow.pluggy, itemId),
      );
    });

    test('an auto-sync: transactions/created, /updated and /deleted converge on what Pluggy holds', async () => {
      const itemId = await connect('user-ok', 'bob');
      await settle(itemId, 'item/updated');
      const accounts = await db.store.accounts.listForItem(itemId);

      const hooksBefore = flow.transactionHooks.length;
      const sync = emulator.controls.syncItem(itemId);
      await settle(itemId, 'transactions/deleted', accounts.length);

      const ids = await storedTransactionIds(db.store, itemId);
      assert.deepEqual(
        ids,
        await pluggyTransactionIds(flow.pluggy, itemId),
        'exactly the transactions Pluggy holds',
      );
      assert.ok(sync.created.every((id) => ids.includes(id)));
      assert.ok(sync.deleted.every((id) => !ids.includes(id)));
      const page = await db.store.transactions.listForItem(itemId, { page: 1, pageSize: 100_000 });
      for (const id of sync.updated) {
        const local = page.results.find((transaction) => transaction.id === id);
        const remote = (
          await Promise.all(
            accounts.map((account) => flow.pluggy.fetchTransactions(account.id, { ids: [id] })),
          )
        ).flat()[0];
        assert.ok(local && remote, `updated transaction ${id} is on both sides`);
        assert.deepEqual([local.description, local.amount], [remote.description, remote.amount]);
        assert.match(local.description, /\(AJUSTADO\)$/);
      }
      const forItem = flow.transactionHooks.slice(hooksBefore).filter((event) => event.itemId === itemId);
      assert.deepEqual(
        forItem.flatMap((event) => event.deleted).sort(),
        [...sync.deleted].sort(),
        'the host app is told of each deletion once',
      );
      assert.ok(sync.updated.every((id) => forItem.some((event) => event.upserted.includes(id))));
    });

    test("connector/status_updated (registered webhook with the secret header): recorded, the connector's item owners told", async () => {
      const itemId = await connect('user-ok', 'alice');
      await settle(itemId, 'item/updated');

      const changesBefore = flow.changes.length;
      emulator.controls.setConnectorStatus(PLUGGY_BANK, 'UNSTABLE');
      await waitFor(
        async () => (await db.store.connectors.get(PLUGGY_BANK)) === 'UNSTABLE',
        SETTLE_MS,
        'the connector status to be recorded',
      );
      await waitFor(
        async () =>
          flow.changes
            .slice(changesBefore)
            .some(
              (change) => change.itemId === itemId && change.userId === 'alice' && change.kind === 'updated',
            ),
        SETTLE_MS,
        "the connector's item owner to be told",
      );

      emulator.controls.setConnectorStatus(PLUGGY_BANK, 'ONLINE');
      await waitFor(
        async () => (await db.store.connectors.get(PLUGGY_BANK)) === 'ONLINE',
        SETTLE_MS,
        'the connector to be recorded back online',
      );
      // The emulator logs a delivery once it has the answer, which may come after the worker is done.
      const deliveries = await waitFor(
        async () => {
          const logged = emulator.controls.webhookDeliveries({ event: 'connector/status_updated' });
          return logged.length === 2 ? logged : undefined;
        },
        SETTLE_MS,
        'both status deliveries to be logged',
      );
      assert.ok(deliveries.every((delivery) => delivery.status === 200 && delivery.attempt === 1));
      assert.ok(deliveries.every((delivery) => delivery.headers[WEBHOOK_SECRET_HEADER] === WEBHOOK_SECRET));
    });
  });
}
