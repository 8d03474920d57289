import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type Emulator } from '@pluggy-kit/emulator';
import express from 'express';
import { createChangeFeed, type ItemChange } from '../src/changes.js';
import type { PluggyApi } from '../src/pluggy/pluggy-api.js';
import { createPluggyClient } from '../src/pluggy/pluggy-client.js';
import { tokenWebhookPath } from '../src/webhooks/token-webhook-path.js';
import { createWebhookReceiver, startWorker, type Worker } from '../src/webhooks/index.js';
import { apiKeyOf, connectItem } from './helpers/emulator-driver.js';
import { waitFor } from './helpers/inbox-waits.js';
import { captureLogger } from './helpers/logs.js';
import { backends, mintedFor, type TestStore } from './helpers/stores.js';

const SECRET = 'sync-e2e-secret-81f0';

for (const backend of backends) {
  describe(`end to end: emulator webhooks -> receiver -> worker -> store (${backend.name})`, () => {
    let db: TestStore;
    let emulator: Emulator;
    let pluggy: PluggyApi;
    let server: Server;
    let worker: Worker;
    let webhookUrl: string;
    const changes: ItemChange[] = [];

    before(async () => {
      db = await backend.open();
      emulator = await startEmulator({ stepDelayMs: 1 });
      pluggy = createPluggyClient({
        clientId: emulator.clientId,
        clientSecret: emulator.clientSecret,
        baseUrl: emulator.apiUrl,
        retries: 0,
      });
      const { logger } = captureLogger();
      const feed = createChangeFeed();
      feed.subscribe('alice', (change) => changes.push(change));
      const app = express();
      app.post(
        '/webhooks/u/:user/:signature',
        createWebhookReceiver({ store: db.store, secrets: [SECRET], logger }),
      );
      server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/${tokenWebhookPath(SECRET, 'alice')}`;
      // Fast retries: the fault test below checks that failed syncs are retried until they converge.
      worker = startWorker({
        store: db.store,
        pluggy,
        changes: feed,
        logger,
        pollIntervalMs: 50,
        backoff: () => 100,
      });
    });
    after(async () => {
      await worker.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await emulator.stop();
      await db.cleanup();
    });

    test('a new connection syncs its accounts and transactions; an auto-sync then creates, updates and deletes; deletion removes it all', async () => {
      // As if alice had her connect token from the token server: her items are then adopted from webhooks.
      await mintedFor(db.store, 'alice');
      const { id: itemId } = await connectItem(emulator, { clientUserId: 'alice', webhookUrl });

      // item/updated (UPDATED, SUCCESS) -> the worker re-reads the item and fetches everything.
      await waitFor(
        async () =>
          emulator.controls.items().find((candidate) => candidate.id === itemId)?.status === 'UPDATED',
        10_000,
        'the emulator to finish the connection',
      );
      const expectedAccounts = await pluggy.fetchAccounts(itemId);
      const expectedTransactions = (
        await Promise.all(expectedAccounts.map((account) => pluggy.fetchTransactions(account.id)))
      ).flat();
      assert.ok(expectedTransactions.length > 0);
      await waitFor(
        async () =>
          (await db.store.transactions.listForItem(itemId, { page: 1, pageSize: 1 })).total ===
          expectedTransactions.length,
        10_000,
        'the first sync to store every transaction',
      );
      const item = await db.store.items.findOwned('alice', itemId);
      assert.deepEqual([item?.status, item?.executionStatus], ['UPDATED', 'SUCCESS']);
      assert.deepEqual(
        (await db.store.accounts.listForItem(itemId)).map((account) => account.id).sort(),
        expectedAccounts.map((account) => account.id).sort(),
      );
      assert.ok(changes.some((change) => change.itemId === itemId && change.kind === 'transactions'));

      // Auto-sync: transactions/created (followed through createdTransactionsLink), /updated and /deleted.
      const sync = emulator.controls.syncItem(itemId);
      await waitFor(
        async () => {
          const stored = await db.store.transactions.listForItem(itemId, { page: 1, pageSize: 100_000 });
          const ids = new Set(stored.results.map((transaction) => transaction.id));
          return (
            sync.created.every((id) => ids.has(id)) &&
            sync.deleted.every((id) => !ids.has(id)) &&
            sync.updated.every((id) =>
              stored.results.find((t) => t.id === id)?.description.endsWith('(AJUSTADO)'),
            )
          );
        },
        10_000,
        'the auto-sync events to be applied',
      );

      // Pluggy failing (429, then 5xx) while a second auto-sync is applied: the worker retries and converges.
      emulator.controls.addFault({ path: '/transactions', count: 2, status: 429, retryAfter: 0 });
      emulator.controls.addFault({ path: `/items/${itemId}`, method: 'GET', count: 2, status: 503 });
      const second = emulator.controls.syncItem(itemId);
      await waitFor(
        async () => {
          const stored = await db.store.transactions.listForItem(itemId, { page: 1, pageSize: 100_000 });
          const ids = new Set(stored.results.map((transaction) => transaction.id));
          return second.created.every((id) => ids.has(id)) && second.deleted.every((id) => !ids.has(id));
        },
        15_000,
        'the second auto-sync to converge despite Pluggy faults',
      );
      assert.equal(emulator.controls.faults().length, 0, 'the injected faults were hit');

      // Deleting the item at Pluggy -> item/deleted -> local data gone.
      const apiKey = await apiKeyOf(emulator);
      const deleted = await fetch(`${emulator.apiUrl}/items/${itemId}`, {
        method: 'DELETE',
        headers: { 'x-api-key': apiKey },
      });
      assert.equal(deleted.status, 200);
      await waitFor(
        async () => (await db.store.items.ownerOf(itemId)) === undefined,
        10_000,
        'the item to be removed',
      );
      assert.deepEqual(await db.store.accounts.listForItem(itemId), []);
      assert.equal((await db.store.transactions.listForItem(itemId, { page: 1, pageSize: 1 })).total, 0);
    });
  });
}
