/**
 * The token server wired to the emulator the way production is: createServer (via startKit) on a test store,
 * its worker, Pluggy's deliveries through a registered `all` webhook with the secret header, connect tokens
 * from the server's own route, and every Pluggy call the kit makes logged on the wire (`METHOD /path?query`).
 */
import assert from 'node:assert/strict';
import type { Emulator } from '@pluggy-kit/emulator';
import { createChangeFeed, type ItemChange } from '../../src/changes.js';
import type { PluggyApi } from '../../src/pluggy/pluggy-api.js';
import { createPluggyClient } from '../../src/pluggy/pluggy-client.js';
import type { Store } from '../../src/store/index.js';
import { WEBHOOK_SECRET_HEADER, type TransactionsHookEvent } from '../../src/webhooks/index.js';
import { apiKeyOf } from './emulator-driver.js';
import { waitFor } from './inbox-waits.js';
import { startKit, WEBHOOK_SECRET, type TestKit } from './kit-server.js';

export type DemoUser = 'alice' | 'bob';

const SETTLE_MS = 15_000;

/** A call to the emulator's API with a key or token; throws unless it answers 200. */
export async function emulatorCall(
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

export interface KitOnEmulator {
  kit: TestKit;
  /** The kit's Pluggy client (its calls are in `wire`). */
  pluggy: PluggyApi;
  /** Every request the kit sent to Pluggy, as `METHOD /path?query`, in order. */
  wire: string[];
  changes: ItemChange[];
  itemHooks: { hook: 'onItemUpdated' | 'onItemError'; itemId: string; status: string }[];
  transactionHooks: TransactionsHookEvent[];
  /** The widget's flow: a connect token from the server's route for `owner`, then the login at Pluggy. */
  connect(user: string, owner: DemoUser, connectorId?: number): Promise<string>;
  /**
   * Waits until Pluggy has delivered `count` `event`s of the item (answered 200; first attempts go out in
   * order, so everything before them was delivered too) and the worker has finished every event of it.
   */
  settle(itemId: string, event: string, count?: number): Promise<void>;
  /** The Pluggy calls `run` caused. */
  callsDuring(run: () => Promise<void>): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startKitOnEmulator(emulator: Emulator, store: Store): Promise<KitOnEmulator> {
  const wire: string[] = [];
  const pluggy = createPluggyClient({
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    baseUrl: emulator.apiUrl,
    retries: 0,
    fetch: (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      wire.push(`${init?.method ?? 'GET'} ${url.pathname}${url.search}`);
      return fetch(input, init);
    },
  });
  const changes: ItemChange[] = [];
  const feed = createChangeFeed();
  const publish = feed.publish;
  feed.publish = (change) => {
    changes.push(change);
    publish(change);
  };
  const itemHooks: KitOnEmulator['itemHooks'] = [];
  const transactionHooks: TransactionsHookEvent[] = [];
  const kit = await startKit(emulator, {
    pluggy,
    store,
    changes: feed,
    worker: { pollIntervalMs: 20, backoff: () => 100 },
    hooks: {
      onItemUpdated: ({ item }) =>
        void itemHooks.push({ hook: 'onItemUpdated', itemId: item.id, status: item.status }),
      onItemError: ({ item }) =>
        void itemHooks.push({ hook: 'onItemError', itemId: item.id, status: item.status }),
      onTransactionsChanged: (event) => void transactionHooks.push(event),
    },
  });
  const cookies = new Map<DemoUser, string>();
  for (const user of ['alice', 'bob'] as const) cookies.set(user, await kit.signIn(user));
  const webhookUrl = `${kit.url}/api/webhooks`;
  await emulatorCall(emulator, 'POST', '/webhooks', await apiKeyOf(emulator), {
    event: 'all',
    url: webhookUrl,
    headers: { [WEBHOOK_SECRET_HEADER]: WEBHOOK_SECRET },
  });

  return {
    kit,
    pluggy,
    wire,
    changes,
    itemHooks,
    transactionHooks,
    async connect(user, owner, connectorId = 0) {
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
    },
    async settle(itemId, event, count = 1) {
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
            ...(await store.inbox.list('pending', 10_000)),
            ...(await store.inbox.list('processing', 10_000)),
          ];
          return !open.some((row) => row.itemId === itemId);
        },
        SETTLE_MS,
        `the worker to finish the events of ${itemId}`,
      );
    },
    async callsDuring(run) {
      const start = wire.length;
      await run();
      return wire.slice(start);
    },
    stop: () => kit.stop(),
  };
}

/** Per item, the sorted ids of the transactions Pluggy holds now (read through v2). */
export async function pluggyTransactionIds(pluggy: PluggyApi, itemId: string): Promise<string[]> {
  const accounts = await pluggy.fetchAccounts(itemId);
  const lists = await Promise.all(accounts.map((account) => pluggy.fetchTransactions(account.id)));
  return lists
    .flat()
    .map((transaction) => transaction.id)
    .sort();
}

export async function storedTransactionIds(store: Store, itemId: string): Promise<string[]> {
  const page = await store.transactions.listForItem(itemId, { page: 1, pageSize: 100_000 });
  return page.results.map((transaction) => transaction.id).sort();
}
