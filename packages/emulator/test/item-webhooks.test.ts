import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { fetchApiKey, rawCall, startSdkHarness, waitForItem, type SdkHarness } from './sdk-helpers.js';

const OK = { user: 'user-ok', password: 'password-ok' };

type Delivery = Record<string, unknown> & { event: string; eventId: string };

describe('webhooks fired by item transitions, auto-sync and connector status', () => {
  let h: SdkHarness;
  let receiver: Server;
  let url: string;
  let received: Delivery[] = [];
  before(async () => {
    h = await startSdkHarness();
    receiver = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        received.push({
          ...(JSON.parse(text) as Delivery),
          header: req.headers['x-secret'] ?? null,
          path: req.url,
        });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    h.emu.controls.reset();
    received = [];
  });
  after(async () => {
    await h.stop();
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });

  const eventually = async (predicate: () => boolean, what: string) => {
    const deadline = Date.now() + 10_000;
    while (!predicate()) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(received.map((d) => d.event))}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const events = (path: string) => received.filter((d) => d.path === path).map((d) => d.event);

  it('sends item/created, item/login_succeeded and item/updated to the item webhookUrl with clientUserId', async () => {
    const item = await h.client.createItem(0, OK, { webhookUrl: `${url}/item`, clientUserId: 'u-1' });
    await waitForItem(h.client, item.id);
    await eventually(() => events('/item').includes('item/updated'), 'item/updated');
    assert.deepEqual(events('/item'), ['item/created', 'item/login_succeeded', 'item/updated']);
    for (const delivery of received) {
      assert.equal(delivery.itemId, item.id);
      assert.equal(delivery.clientUserId, 'u-1');
      assert.equal(delivery.triggeredBy, 'CLIENT');
      assert.match(delivery.eventId, /^[0-9a-f-]{36}$/);
    }
    assert.equal(new Set(received.map((d) => d.eventId)).size, received.length);
  });

  it('sends item/waiting_user_input and item/error with the error, and item/deleted, to registered webhooks with headers', async () => {
    await h.client.createWebhook('all', `${url}/all`, { 'x-secret': 'abc' });
    const mfa = await h.client.createItem(5, OK);
    await waitForItem(h.client, mfa.id);
    await eventually(() => events('/all').includes('item/waiting_user_input'), 'item/waiting_user_input');
    await h.client.updateItemMFA(mfa.id, { token: '999999' });
    await waitForItem(h.client, mfa.id);
    await eventually(() => events('/all').includes('item/error'), 'item/error');
    const error = received.find((d) => d.event === 'item/error')!;
    assert.deepEqual(error.error, { code: 'INVALID_CREDENTIALS_MFA', message: 'Invalid MFA token or code.' });
    assert.equal(error.header, 'abc');
    await h.client.deleteItem(mfa.id);
    await eventually(() => events('/all').includes('item/deleted'), 'item/deleted');
  });

  it('sends the connect token webhookUrl every event of the items created with it', async () => {
    const { accessToken } = await h.client.createConnectToken(undefined, {
      webhookUrl: `${url}/token`,
      clientUserId: 'u-9',
    });
    const created = await rawCall(h.emu.apiUrl, 'POST', '/items', {
      apiKey: accessToken,
      body: { connectorId: 0, parameters: OK },
    });
    await waitForItem(h.client, String(created.body.id));
    await eventually(() => events('/token').includes('item/updated'), 'item/updated');
    assert.deepEqual(events('/token'), ['item/created', 'item/login_succeeded', 'item/updated']);
    assert.ok(received.every((d) => d.clientUserId === 'u-9' && d.triggeredBy === 'USER'));
  });

  it('auto-sync fires transactions/created with an absolute createdTransactionsLink, /updated and /deleted', async () => {
    const item = await waitForItem(
      h.client,
      (await h.client.createItem(0, OK, { webhookUrl: `${url}/sync` })).id,
    );
    await eventually(() => events('/sync').includes('item/updated'), 'item/updated');
    received = [];
    const result = h.emu.controls.syncItem(item.id);
    await eventually(() => received.length >= 7, 'the sync events');
    const created = received.filter((d) => d.event === 'transactions/created');
    assert.equal(created.length, 2);
    const link = String(created[0]!.createdTransactionsLink);
    assert.ok(
      link.startsWith(
        `${h.emu.apiUrl}/transactions?accountId=${String(created[0]!.accountId)}&createdAtFrom=`,
      ),
    );
    assert.ok(created[0]!.transactionsCreatedAtFrom);
    const page = await rawCall(h.emu.apiUrl, 'GET', link.slice(h.emu.apiUrl.length), {
      apiKey: await fetchApiKey(h.emu),
    });
    assert.equal(page.body.results?.length, 2);
    assert.ok(page.body.results?.every((t) => result.created.includes(String(t.id))));
    const updated = received
      .filter((d) => d.event === 'transactions/updated')
      .flatMap((d) => d.transactionIds as string[]);
    const deleted = received
      .filter((d) => d.event === 'transactions/deleted')
      .flatMap((d) => d.transactionIds as string[]);
    assert.deepEqual(updated.sort(), [...result.updated].sort());
    assert.deepEqual(deleted.sort(), [...result.deleted].sort());
    // pluggy.md §5.3: transactions events carry no clientUserId; /updated and /deleted carry clientId.
    for (const delivery of received.filter((d) => String(d.event).startsWith('transactions/'))) {
      assert.ok(!('clientUserId' in delivery), `${String(delivery.event)} has no clientUserId`);
      if (delivery.event !== 'transactions/created') assert.equal(typeof delivery.clientId, 'string');
    }
    const itemUpdated = received.find((d) => d.event === 'item/updated');
    assert.equal(itemUpdated?.triggeredBy, 'SYNC');
  });

  it('connector/status_updated carries data.status to registered webhooks', async () => {
    await h.client.createWebhook('connector/status_updated', `${url}/connector`);
    await rawCall(h.emu.apiUrl, 'POST', '/__emulator/connectors/2/status', { body: { status: 'OFFLINE' } });
    await eventually(() => events('/connector').length === 1, 'connector/status_updated');
    assert.deepEqual(received[0]?.data, { status: 'OFFLINE' });
    assert.equal(received[0]?.id, '2');
  });

  it('webhook CRUD works through the official SDK behind API-key auth, per client', async () => {
    const created = await h.client.createWebhook('item/updated', `${url}/crud`, { 'x-secret': 's' });
    assert.equal(created.event, 'item/updated');
    assert.ok(created.createdAt instanceof Date);
    assert.deepEqual(
      (await h.client.fetchWebhooks()).results.map((w) => w.id),
      [created.id],
    );
    const updated = await h.client.updateWebhook(created.id, { event: 'item/error' });
    assert.equal(updated.event, 'item/error');
    await h.client.deleteWebhook(created.id);
    assert.equal((await h.client.fetchWebhooks()).results.length, 0);
  });
});
