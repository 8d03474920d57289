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
import { createChangeFeed, type ItemChange } from '../src/changes.js';
import { itemAction } from '../src/domain/item-action.js';
import type { PluggyApi } from '../src/pluggy/pluggy-api.js';
import { createPluggyClient } from '../src/pluggy/pluggy-client.js';
import type { StoredItem } from '../src/store/index.js';
import { WEBHOOK_SECRET_HEADER, type TransactionsHookEvent } from '../src/webhooks/index.js';
import { apiKeyOf } from './helpers/emulator-driver.js';
import { waitFor } from './helpers/inbox-waits.js';
import { startKit, WEBHOOK_SECRET, type TestKit } from './helpers/kit-server.js';
import { backends, type TestStore } from './helpers/stores.js';

const MFA_2_STEP_CONNECTOR = 5;
const PLUGGY_BANK = 0;
const SETTLE_MS = 15_000;

type User = 'alice' | 'bob';

/** Every request the kit's client sent to Pluggy, as `METHOD /path?query`. */
function wireLog() {
  const calls: string[] = [];
  const logged: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    calls.push(`${init?.method ?? 'GET'} ${url.pathname}${url.search}`);
    return fetch(input, init);
  };
  return { calls, fetch: logged };
}

async function emulatorCall(
  emulator: Emulator,
  method: string,
  path: string,
  key: string,
  body: unknown,
): Promise<unknown> {
  const response = await fetch(`${emulator.apiUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify(body),
  });
  const json: unknown = await response.json();
  if (response.status !== 200)
    throw new Error(`emulator ${method} ${path} answered ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

for (const backend of backends) {
  describe(`handler branches against the emulator's sandbox users (${backend.name})`, () => {
    let db: TestStore;
    let emulator: Emulator;
    let pluggy: PluggyApi;
    let kit: TestKit;
    let webhookUrl: string;
    const cookies = new Map<User, string>();
    const wire = wireLog();
    const changes: ItemChange[] = [];
    const hooks: { hook: string; itemId: string; status?: string }[] = [];
    const transactionHooks: TransactionsHookEvent[] = [];

    before(async () => {
      db = await backend.open();
      emulator = await startEmulator({ stepDelayMs: 1 });
      pluggy = createPluggyClient({
        clientId: emulator.clientId,
        clientSecret: emulator.clientSecret,
        baseUrl: emulator.apiUrl,
        fetch: wire.fetch,
        retries: 0,
      });
      const feed = createChangeFeed();
      const publish = feed.publish;
      feed.publish = (change) => {
        changes.push(change);
        publish(change);
      };
      kit = await startKit(emulator, {
        pluggy,
        store: db.store,
        changes: feed,
        worker: { pollIntervalMs: 20, backoff: () => 100 },
        hooks: {
          onItemUpdated: ({ item }) =>
            void hooks.push({ hook: 'onItemUpdated', itemId: item.id, status: item.status }),
          onItemError: ({ item }) =>
            void hooks.push({ hook: 'onItemError', itemId: item.id, status: item.status }),
          onTransactionsChanged: (event) => void transactionHooks.push(event),
        },
      });
      for (const user of ['alice', 'bob'] as const) cookies.set(user, await kit.signIn(user));
      // Pluggy delivers every event of this application to the server's registered webhook, secret header on.
      webhookUrl = `${kit.url}/api/webhooks`;
      await emulatorCall(emulator, 'POST', '/webhooks', await apiKeyOf(emulator), {
        event: 'all',
        url: webhookUrl,
        headers: { [WEBHOOK_SECRET_HEADER]: WEBHOOK_SECRET },
      });
    });
    after(async () => {
      await kit.stop();
      await emulator.stop();
      await db.cleanup();
    });

    /** The widget's flow: a connect token from the server's own route for the signed-in user, then the login at Pluggy. */
    async function connect(user: string, owner: User, connectorId = PLUGGY_BANK): Promise<string> {
      const minted = await kit.request('POST', '/api/connect-token', {
        cookie: cookies.get(owner)!,
        body: {},
      });
      assert.equal(minted.status, 200);
      const { accessToken } = (await minted.json()) as { accessToken: string };
      const item = (await emulatorCall(emulator, 'POST', '/items', accessToken, {
        connectorId,
        parameters: { user, password: 'password-ok' },
      })) as { id: string };
      return item.id;
    }

    /**
     * Waits until Pluggy has delivered `count` `event`s of the item (answered 200; first attempts go out in
     * order, so everything before them was delivered too) and the worker has finished every event of it.
     */
    async function settle(itemId: string, event: string, count = 1): Promise<void> {
      await waitFor(
        async () =>
          emulator.controls
            .webhookDeliveries({ url: webhookUrl, event })
            .filter((delivery) => delivery.body.itemId === itemId && delivery.status === 200).length >= count,
        SETTLE_MS,
        `${count} ${event} of ${itemId} to be delivered`,
      );
      await waitFor(
        async () => {
          const open = [
            ...(await db.store.inbox.list('pending', 10_000)),
            ...(await db.store.inbox.list('processing', 10_000)),
          ];
          return !open.some((row) => row.itemId === itemId);
        },
        SETTLE_MS,
        `the worker to finish the events of ${itemId}`,
      );
    }

    /** The Pluggy calls `run` caused (the wire log between its start and its end). */
    async function callsDuring(run: () => Promise<void>): Promise<string[]> {
      const start = wire.calls.length;
      await run();
      return wire.calls.slice(start);
    }

    const dataCalls = (calls: string[]) =>
      calls.filter((call) => /^GET \/(accounts|transactions|v2\/transactions)\b/.test(call));

    async function stored(userId: string, itemId: string): Promise<StoredItem> {
      const item = await db.store.items.findOwned(userId, itemId);
      assert.ok(item, `item ${itemId} is recorded for ${userId}`);
      return item;
    }

    async function storedTransactionIds(itemId: string): Promise<string[]> {
      const page = await db.store.transactions.listForItem(itemId, { page: 1, pageSize: 100_000 });
      return page.results.map((transaction) => transaction.id).sort();
    }

    async function pluggyTransactionIds(itemId: string): Promise<string[]> {
      const accounts = await pluggy.fetchAccounts(itemId);
      const lists = await Promise.all(accounts.map((account) => pluggy.fetchTransactions(account.id)));
      return lists
        .flat()
        .map((transaction) => transaction.id)
        .sort();
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
      assert.deepEqual(await storedTransactionIds(itemId), await pluggyTransactionIds(itemId));
      assert.ok((await storedTransactionIds(itemId)).length > 0);
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
      assert.deepEqual(
        dataCalls(calls).filter((call) => call.startsWith('GET /accounts')),
        [],
        'accounts failed at Pluggy: not fetched',
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
      assert.deepEqual(await storedTransactionIds(itemId), await pluggyTransactionIds(itemId));
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
      assert.deepEqual(await storedTransactionIds(itemId), await pluggyTransactionIds(itemId));
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
      assert.ok(hooks.some((call) => call.itemId === itemId && call.hook === 'onItemError'));
      assert.ok(changes.some((change) => change.itemId === itemId && change.kind === 'error'));
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
      assert.ok(hooks.some((call) => call.itemId === itemId && call.hook === 'onItemError'));
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
      assert.deepEqual(await storedTransactionIds(itemId), await pluggyTransactionIds(itemId));
    });

    test('an auto-sync: transactions/created, /updated and /deleted converge on what Pluggy holds', async () => {
      const itemId = await connect('user-ok', 'bob');
      await settle(itemId, 'item/updated');
      const accounts = await db.store.accounts.listForItem(itemId);

      const hooksBefore = transactionHooks.length;
      const sync = emulator.controls.syncItem(itemId);
      await settle(itemId, 'transactions/deleted', accounts.length);

      const ids = await storedTransactionIds(itemId);
      assert.deepEqual(ids, await pluggyTransactionIds(itemId), 'exactly the transactions Pluggy holds');
      assert.ok(sync.created.every((id) => ids.includes(id)));
      assert.ok(sync.deleted.every((id) => !ids.includes(id)));
      const page = await db.store.transactions.listForItem(itemId, { page: 1, pageSize: 100_000 });
      for (const id of sync.updated) {
        const local = page.results.find((transaction) => transaction.id === id);
        const remote = (
          await Promise.all(accounts.map((account) => pluggy.fetchTransactions(account.id, { ids: [id] })))
        ).flat()[0];
        assert.ok(local && remote, `updated transaction ${id} is on both sides`);
        assert.deepEqual([local.description, local.amount], [remote.description, remote.amount]);
        assert.match(local.description, /\(AJUSTADO\)$/);
      }
      const forItem = transactionHooks.slice(hooksBefore).filter((event) => event.itemId === itemId);
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

      const changesBefore = changes.length;
      emulator.controls.setConnectorStatus(PLUGGY_BANK, 'UNSTABLE');
      await waitFor(
        async () => (await db.store.connectors.get(PLUGGY_BANK)) === 'UNSTABLE',
        SETTLE_MS,
        'the connector status to be recorded',
      );
      await waitFor(
        async () =>
          changes
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
