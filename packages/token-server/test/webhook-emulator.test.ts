import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, test } from 'node:test';
import { startEmulator, type Emulator } from '@pluggy-kit/emulator';
import express from 'express';
import { tokenWebhookPath } from '../src/webhooks/token-webhook-path.js';
import { createWebhookReceiver, WEBHOOK_SECRET_HEADER } from '../src/webhooks/index.js';
import { connectItem, registerWebhook } from './helpers/emulator-driver.js';
import { waitFor } from './helpers/inbox-waits.js';
import { captureLogger } from './helpers/logs.js';
import { backends, type TestStore } from './helpers/stores.js';

const SECRET = 'emulator-e2e-secret-5d1c';

for (const backend of backends) {
  describe(`the emulator delivering webhooks to the receiver over loopback (${backend.name})`, () => {
    let db: TestStore;
    let emulator: Emulator;
    let server: Server;
    let baseUrl: string;

    before(async () => {
      db = await backend.open();
      emulator = await startEmulator();
      const app = express();
      const receiver = createWebhookReceiver({
        store: db.store,
        secrets: [SECRET],
        logger: captureLogger().logger,
      });
      app.post('/webhooks', receiver);
      app.post('/webhooks/u/:user/:signature', receiver);
      server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterEach(() => {
      emulator.controls.reset();
    });
    after(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await emulator.stop();
      await db.cleanup();
    });

    const rowsFor = async (itemId: string) =>
      (await db.store.inbox.list('pending', 10_000)).filter((row) => row.itemId === itemId);

    test('the per-token webhookUrl (a path signed for the user): every item event stored once, scoped to that user, each answered 200', async () => {
      const aliceUrl = `${baseUrl}/webhooks/${tokenWebhookPath(SECRET, 'alice')}`;
      const item = await connectItem(emulator, { clientUserId: 'alice', webhookUrl: aliceUrl });
      const rows = await waitFor(async () => {
        const found = await rowsFor(item.id);
        return found.some((row) => row.event === 'item/updated') ? found : undefined;
      });
      assert.deepEqual(
        rows.map((row) => row.event).sort(),
        ['item/created', 'item/login_succeeded', 'item/updated'].sort(),
      );
      assert.ok(rows.every((row) => row.payload.clientUserId === 'alice' && row.scopeUserId === 'alice'));
      // The emulator logs a delivery once it has the answer, which comes right after the row is committed.
      const deliveries = await waitFor(async () => {
        const found = emulator.controls.webhookDeliveries({ url: aliceUrl });
        return found.length === 3 ? found : undefined;
      });
      assert.ok(deliveries.every((delivery) => delivery.status === 200 && delivery.attempt === 1));
    });

    test('a registered webhook (secret header) with duplicated deliveries: one row per event, all answered 200', async () => {
      await registerWebhook(emulator, `${baseUrl}/webhooks`, { [WEBHOOK_SECRET_HEADER]: SECRET });
      emulator.controls.webhookFaults.add({ mode: 'duplicate', count: 3 });
      const item = await connectItem(emulator, {
        clientUserId: 'bob',
        webhookUrl: `${baseUrl}/webhooks/${tokenWebhookPath(SECRET, 'bob')}`,
      });
      await waitFor(async () => (await rowsFor(item.id)).some((row) => row.event === 'item/updated'));
      const registered = await waitFor(async () => {
        const found = emulator.controls.webhookDeliveries({ url: `${baseUrl}/webhooks` });
        return found.filter((delivery) => delivery.event === 'item/updated').length > 0 ? found : undefined;
      });
      // The same events arrive through both subscriptions and some twice: each eventId is stored once.
      const rows = await rowsFor(item.id);
      const eventIds = new Set(
        emulator.controls
          .webhookDeliveries()
          .filter((d) => d.event.startsWith('item/'))
          .map((d) => d.eventId),
      );
      assert.equal(new Set(rows.map((row) => row.eventId)).size, rows.length);
      assert.ok([...eventIds].every((eventId) => rows.some((row) => row.eventId === eventId)));
      assert.ok(registered.every((delivery) => delivery.status === 200));
      assert.ok(registered.some((delivery) => delivery.headers[WEBHOOK_SECRET_HEADER] === SECRET));
    });

    test('a path signed with a wrong secret gets 401, which Pluggy does not retry, and nothing is stored', async () => {
      const forged = `${baseUrl}/webhooks/${tokenWebhookPath('not-the-secret', 'carol')}`;
      const item = await connectItem(emulator, { clientUserId: 'carol', webhookUrl: forged });
      const deliveries = await waitFor(async () => {
        const found = emulator.controls.webhookDeliveries({ url: forged });
        return found.some((delivery) => delivery.event === 'item/updated') ? found : undefined;
      });
      assert.ok(deliveries.every((delivery) => delivery.status === 401 && delivery.attempt === 1));
      assert.deepEqual(await rowsFor(item.id), []);
    });
  });
}
