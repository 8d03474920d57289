import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { startHarness, startReceiver, waitUntil, type Harness } from './webhooks-helpers.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const HOOK = 'https://hooks.example.com/pluggy';

describe('webhook CRUD routes', () => {
  let emu: Harness | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  it('creates, lists, reads, updates and deletes a webhook with Pluggy shapes and status 200', async () => {
    emu = await startHarness();
    const created = await emu.call('POST', '/webhooks', {
      event: 'item/updated',
      url: HOOK,
      headers: { 'x-secret': 's' },
    });
    assert.equal(created.status, 200);
    const { id } = created.json;
    assert.deepEqual(Object.keys(created.json).sort(), [
      'createdAt',
      'disabledAt',
      'event',
      'id',
      'updatedAt',
      'url',
    ]);
    assert.equal(created.json.url, HOOK);
    assert.equal(created.json.event, 'item/updated');
    assert.equal(created.json.disabledAt, null);
    assert.match(String(created.json.createdAt), ISO);
    assert.equal(created.json.updatedAt, created.json.createdAt);

    const list = await emu.call('GET', '/webhooks');
    assert.equal(list.status, 200);
    assert.deepEqual(list.json, { results: [created.json], page: 1, total: 1, totalPages: 1 });
    assert.deepEqual((await emu.call('GET', `/webhooks/${id}`)).json, created.json);

    emu.clock.advance(60_000);
    const updated = await emu.call('PATCH', `/webhooks/${id}`, {
      event: 'all',
      url: `${HOOK}/v2`,
      enabled: false,
    });
    assert.equal(updated.status, 200);
    assert.equal(updated.json.event, 'all');
    assert.equal(updated.json.url, `${HOOK}/v2`);
    assert.match(String(updated.json.disabledAt), ISO);
    assert.equal(updated.json.createdAt, created.json.createdAt);
    assert.ok(
      Date.parse(String(updated.json.updatedAt)) >= Date.parse(String(created.json.updatedAt)) + 60_000,
    );
    assert.equal((await emu.call('PATCH', `/webhooks/${id}`, { enabled: true })).json.disabledAt, null);

    const deleted = await emu.call('DELETE', `/webhooks/${id}`);
    assert.equal(deleted.status, 200);
    assert.equal(deleted.json.id, id);
    const missing = await emu.call('GET', `/webhooks/${id}`);
    assert.equal(missing.status, 404);
    assert.deepEqual(Object.keys(missing.json).sort(), ['code', 'message']);
    assert.equal(missing.json.code, 404);
  });

  it('never returns custom headers but keeps them, and PATCH can replace them', async () => {
    emu = await startHarness();
    const receiver = await startReceiver();
    try {
      const id = await emu.register('item/created', receiver.url, { 'x-first': '1' });
      assert.ok(!JSON.stringify((await emu.call('GET', '/webhooks')).json).includes('x-first'));
      assert.ok(!JSON.stringify((await emu.call('GET', `/webhooks/${id}`)).json).includes('x-first'));

      await emu.call('PATCH', `/webhooks/${id}`, { headers: { 'x-second': '2' } });
      emu.service.emit('item/created', { itemId: 'i' }, { clientId: 'client-a' });
      await waitUntil(() => receiver.requests.length === 1, 'a delivery');
      assert.equal(receiver.requests[0]?.headers['x-second'], '2');
      assert.equal(receiver.requests[0]?.headers['x-first'], undefined);
    } finally {
      await receiver.close();
    }
  });

  it('keeps each client to its own webhooks', async () => {
    emu = await startHarness();
    const id = await emu.register('item/created', HOOK, {}, 'client-a');
    assert.equal((await emu.call('GET', `/webhooks/${id}`, undefined, 'client-b')).status, 404);
    assert.equal((await emu.call('PATCH', `/webhooks/${id}`, { enabled: false }, 'client-b')).status, 404);
    assert.equal((await emu.call('DELETE', `/webhooks/${id}`, undefined, 'client-b')).status, 404);
    assert.equal((await emu.call('GET', '/webhooks', undefined, 'client-b')).json.total, 0);
  });

  it('rejects a bad body with 400 and details naming each parameter', async () => {
    emu = await startHarness();
    const cases: [body: unknown, parameter: string][] = [
      [{ url: HOOK }, 'event'],
      [{ event: 'item/exploded', url: HOOK }, 'event'],
      [{ event: 'item/created' }, 'url'],
      [{ event: 'item/created', url: 42 }, 'url'],
      [{ event: 'item/created', url: HOOK, headers: { 'x-n': 5 } }, 'headers.x-n'],
      [{ event: 'item/created', url: HOOK, headers: { 'bad name': 'v' } }, 'headers.bad name'],
      [{ event: 'item/created', url: HOOK, headers: { 'x-crlf': 'a\r\nb' } }, 'headers.x-crlf'],
    ];
    for (const [body, parameter] of cases) {
      const { status, json } = await emu.call('POST', '/webhooks', body);
      assert.equal(status, 400, JSON.stringify(body));
      assert.equal(json.code, 400);
      assert.equal(typeof json.message, 'string');
      assert.ok(
        json.details?.some((detail) => detail.parameter === parameter),
        `${JSON.stringify(body)} -> ${JSON.stringify(json.details)}`,
      );
    }
    const patch = await emu.call('PATCH', `/webhooks/${await emu.register('all', HOOK)}`, { enabled: 'yes' });
    assert.equal(patch.status, 400);
    assert.equal(patch.json.details?.[0]?.parameter, 'enabled');
  });

  it('rejects a URL that breaks the rules in force with a plain 400 {code, message}', async () => {
    emu = await startHarness({ strictUrls: true });
    const loopback = await emu.call('POST', '/webhooks', {
      event: 'item/created',
      url: 'http://127.0.0.1:9/hook',
    });
    assert.equal(loopback.status, 400);
    assert.deepEqual(Object.keys(loopback.json).sort(), ['code', 'message']);
    assert.match(String(loopback.json.message), /https/);
    assert.equal((await emu.call('POST', '/webhooks', { event: 'item/created', url: HOOK })).status, 200);

    const id = await emu.register('item/updated', HOOK);
    const patch = await emu.call('PATCH', `/webhooks/${id}`, { url: 'https://10.0.0.8/hook' });
    assert.equal(patch.status, 400);
    assert.match(String(patch.json.message), /not an IP/);
  });

  it('accepts loopback receivers in dev mode', async () => {
    emu = await startHarness({ strictUrls: false });
    assert.equal(
      (await emu.call('POST', '/webhooks', { event: 'item/created', url: 'http://localhost:9/hook' })).status,
      200,
    );
  });

  it('allows at most 5 webhooks per event per client, on create and on PATCH', async () => {
    emu = await startHarness();
    for (let n = 0; n < 5; n++) await emu.register('item/error', `${HOOK}/${n}`);
    const sixth = await emu.call('POST', '/webhooks', { event: 'item/error', url: `${HOOK}/6` });
    assert.equal(sixth.status, 400);
    assert.match(String(sixth.json.message), /at most 5/);

    assert.equal(
      (await emu.call('POST', '/webhooks', { event: 'item/error', url: HOOK }, 'client-b')).status,
      200,
    );
    const other = await emu.register('item/updated', HOOK);
    assert.equal((await emu.call('PATCH', `/webhooks/${other}`, { event: 'item/error' })).status, 400);
    assert.equal(
      (await emu.call('GET', `/webhooks/${other}`)).json.event,
      'item/updated',
      'a refused PATCH changes nothing',
    );
  });
});
