import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { PluggyClient } from 'pluggy-sdk';
import { startEmulator } from '../src/index.js';
import { startReceiver, waitUntil, type Receiver } from './webhooks-helpers.js';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

interface DeliveryRow {
  event: string;
  url: string;
  attempt: number;
  status?: number;
  fault?: string;
  body: { itemId?: string };
}

describe('webhooks through the emulator and the official pluggy-sdk', () => {
  let emu: Emulator;
  let client: PluggyClient;
  const receivers: Receiver[] = [];
  const receiver = async (...args: Parameters<typeof startReceiver>) => {
    const started = await startReceiver(...args);
    receivers.push(started);
    return started;
  };
  const deliveries = async (query = '') =>
    (await (await fetch(`${emu.apiUrl}/__emulator/webhooks/deliveries${query}`)).json()) as DeliveryRow[];

  before(async () => {
    emu = await startEmulator();
    // pluggy-sdk reads the base URL from the environment only (pluggy.md §9).
    process.env.PLUGGY_API_URL = emu.apiUrl;
    client = new PluggyClient({ clientId: emu.clientId, clientSecret: emu.clientSecret });
  });
  afterEach(async () => {
    await fetch(`${emu.apiUrl}/__emulator/reset`, { method: 'POST' });
    for (const started of receivers.splice(0)) await started.close();
  });
  after(async () => {
    await emu.stop();
  });

  it('creates, lists, updates and deletes webhooks with createWebhook(event, url, headers)', async () => {
    const hook = await receiver();
    const created = await client.createWebhook('item/updated', hook.url, { 'x-kit-secret': 's3cret' });
    assert.equal(created.event, 'item/updated');
    assert.equal(created.url, hook.url);
    assert.equal(created.disabledAt, null);
    assert.equal('headers' in created, false);

    const page = await client.fetchWebhooks();
    assert.deepEqual(
      page.results.map((webhook) => webhook.id),
      [created.id],
    );
    assert.equal(page.total, 1);

    const updated = await client.updateWebhook(created.id, { event: 'all', enabled: false });
    assert.equal(updated.event, 'all');
    assert.notEqual(updated.disabledAt, null);
    assert.equal((await client.fetchWebhook(created.id)).event, 'all');

    await client.deleteWebhook(created.id);
    await assert.rejects(client.fetchWebhook(created.id), (error: { code?: number }) => error.code === 404);
    assert.equal((await client.fetchWebhooks()).total, 0);
  });

  it('rejects a webhook URL outside the dev rules with a 400', async () => {
    await assert.rejects(
      client.createWebhook('item/created', 'http://hooks.example.com/pluggy'),
      (error: { code?: number; message?: string }) =>
        error.code === 400 && /https/.test(String(error.message)),
    );
  });

  it('an item flow delivers item/created then item/updated with the registered headers, and to the item webhookUrl', async () => {
    const hook = await receiver();
    const perItem = await receiver();
    await client.createWebhook('item/created', hook.url, { 'x-kit-secret': 's3cret' });
    await client.createWebhook('item/updated', hook.url, { 'x-kit-secret': 's3cret' });

    const item = await client.createItem(
      0,
      { user: 'user-ok', password: 'password-ok' },
      { webhookUrl: perItem.url, clientUserId: 'user-42' },
    );
    const sawUpdated = (r: Receiver) => r.requests.some((request) => request.body.event === 'item/updated');
    await waitUntil(() => sawUpdated(hook) && sawUpdated(perItem), 'item/updated at both receivers', 5000);

    const events = hook.requests.map((request) => request.body.event);
    assert.deepEqual(events, ['item/created', 'item/updated']);
    for (const request of hook.requests) {
      assert.equal(request.headers['x-kit-secret'], 's3cret');
      assert.equal(request.headers['content-type'], 'application/json');
      assert.equal(request.body.itemId, item.id);
      assert.equal(request.body.id, item.id);
      assert.equal(request.body.clientUserId, 'user-42');
    }
    const perItemEvents = perItem.requests.map((request) => request.body.event);
    assert.ok(
      perItemEvents.includes('item/created') && perItemEvents.includes('item/updated'),
      String(perItemEvents),
    );
    assert.ok(perItem.requests.every((request) => request.headers['x-kit-secret'] === undefined));

    const delivered = () => emu.controls.webhookDeliveries({ event: 'item/updated', url: hook.url });
    await waitUntil(() => delivered().length === 1, 'the logged item/updated delivery');
    const logged = await deliveries(`?event=item/updated`);
    assert.ok(
      logged.some((row) => row.url === hook.url && row.status === 200 && row.body.itemId === item.id),
    );
  });

  it('answers malformed JSON on /webhooks and on the fault control with a Pluggy-shaped 400, and keeps serving', async () => {
    const { apiKey } = (await (
      await fetch(`${emu.apiUrl}/auth`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientId: emu.clientId, clientSecret: emu.clientSecret }),
      })
    ).json()) as { apiKey: string };
    for (const [path, headers] of [
      ['/webhooks', { 'x-api-key': apiKey }],
      ['/__emulator/webhooks/faults', {}],
    ] as const) {
      const answer = await fetch(`${emu.apiUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{"event": ',
      });
      assert.equal(answer.status, 400, path);
      const body = (await answer.json()) as { code: number; message: string };
      assert.equal(body.code, 400);
      assert.match(body.message, /JSON/);
    }
    const badFault = await fetch(`${emu.apiUrl}/__emulator/webhooks/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'explode', count: 1 }),
    });
    assert.equal(badFault.status, 400);
    assert.equal(
      ((await badFault.json()) as { details: { parameter: string }[] }).details[0]?.parameter,
      'mode',
    );
    assert.equal((await client.fetchWebhooks()).total, 0);
  });

  it('HTTP fault controls reach the deliveries of a real item', async () => {
    const hook = await receiver();
    await client.createWebhook('item/created', hook.url);
    const fault = await fetch(`${emu.apiUrl}/__emulator/webhooks/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'fail', count: 2, status: 503 }),
    });
    assert.equal(fault.status, 200);

    await client.createItem(0, { user: 'user-ok', password: 'password-ok' });
    await waitUntil(() => emu.controls.webhookDeliveries().length === 3, 'three logged attempts', 5000);
    assert.equal(hook.requests.length, 1, 'only the third attempt reached the receiver');
    const rows = await deliveries('?event=item/created');
    assert.deepEqual(
      rows.map((row) => [row.attempt, row.status, row.fault]),
      [
        [1, 503, 'fail'],
        [2, 503, 'fail'],
        [3, 200, undefined],
      ],
    );
  });
});

describe('strict webhook URLs through the emulator', () => {
  it('refuses loopback receivers when started with strictWebhooks', async () => {
    const emu = await startEmulator({ strictWebhooks: true });
    try {
      process.env.PLUGGY_API_URL = emu.apiUrl;
      const client = new PluggyClient({ clientId: emu.clientId, clientSecret: emu.clientSecret });
      await assert.rejects(
        client.createWebhook('item/created', 'http://127.0.0.1:9/hook'),
        (error: { code?: number }) => error.code === 400,
      );
      const created = await client.createWebhook('item/created', 'https://hooks.example.com/pluggy');
      assert.equal(created.url, 'https://hooks.example.com/pluggy');
    } finally {
      await emu.stop();
    }
  });
});
