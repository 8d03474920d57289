import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Item } from 'pluggy-sdk';
import {
  fetchApiKey,
  rawCall,
  rejectionOf,
  startSdkHarness,
  waitForItem,
  type SdkHarness,
} from './sdk-helpers.js';

const OK = { user: 'user-ok', password: 'password-ok' };

describe('test controls under /__emulator', () => {
  let h: SdkHarness;
  let apiKey: string;
  before(async () => {
    h = await startSdkHarness();
    apiKey = await fetchApiKey(h.emu);
  });
  afterEach(() => h.emu.controls.reset());
  after(() => h.stop());

  const control = (method: string, path: string, body?: unknown) =>
    rawCall(h.emu.apiUrl, method, `/__emulator${path}`, body === undefined ? {} : { body });

  it('reads and advances the clock; reset puts it back to wall time', async () => {
    const before = Date.parse(String((await control('GET', '/clock')).body.now));
    assert.ok(Math.abs(before - Date.now()) < 1000);
    const advanced = await control('POST', '/clock/advance', { ms: 3_600_000 });
    assert.ok(Date.parse(String(advanced.body.now)) - before >= 3_600_000);
    assert.equal((await control('POST', '/clock/advance', { ms: -1 })).status, 400);
    await control('POST', '/reset');
    assert.ok(Math.abs(Date.parse(String((await control('GET', '/clock')).body.now)) - Date.now()) < 1000);
  });

  it('lists every item of every client and reset clears them', async () => {
    const item = await h.client.createItem(0, OK, { clientUserId: 'u-1' });
    const listed = await control('GET', '/items');
    const list = listed.body as unknown as {
      id: string;
      clientUserId: string;
      clientId: string;
      status: string;
    }[];
    assert.deepEqual(
      list.map((i) => [i.id, i.clientUserId, i.clientId]),
      [[item.id, 'u-1', 'dev-client-id']],
    );
    assert.equal((await control('POST', '/reset')).status, 200);
    assert.deepEqual((await control('GET', '/items')).body, []);
    assert.equal((await rejectionOf(h.client.fetchItem(item.id))).code, 404);
    // Ids continue the seeded sequence after a reset, so a client holding an old id never sees it reused.
    assert.notEqual((await h.client.createItem(0, OK)).id, item.id);
  });

  it('auto-syncs an item: new, changed and removed transactions', async () => {
    const item: Item = await waitForItem(h.client, (await h.client.createItem(0, OK)).id);
    const [checking] = (await h.client.fetchAccounts(item.id, 'BANK')).results;
    const before = await h.client.fetchAllTransactions(checking!.id);
    h.emu.clock.advance(60_000);
    const sync = await control('POST', `/items/${item.id}/sync`);
    assert.equal(sync.status, 200);
    const { created, updated, deleted } = sync.body as unknown as Record<
      'created' | 'updated' | 'deleted',
      string[]
    >;
    assert.equal(created.length, 4);
    assert.equal(updated.length, 2);
    assert.equal(deleted.length, 2);

    const afterSync = await h.client.fetchAllTransactions(checking!.id);
    const afterIds = new Set(afterSync.map((t) => t.id));
    assert.equal(afterSync.length, before.length + 1);
    assert.ok(created.filter((id) => afterIds.has(id)).length === 2);
    assert.ok(deleted.every((id) => !afterIds.has(id)));
    const changed = afterSync.find((t) => updated.includes(t.id))!;
    assert.match(changed.description, /AJUSTADO/);
    assert.ok(changed.updatedAt.getTime() > changed.createdAt.getTime());

    const synced = await h.client.fetchItem(item.id);
    assert.ok(synced.lastUpdatedAt!.getTime() > item.lastUpdatedAt!.getTime());
    const fresh = await h.client.fetchTransactions(checking!.id, {
      createdAtFrom: synced.lastUpdatedAt!.toISOString(),
    });
    assert.equal(fresh.total, 2);
    assert.equal((await control('POST', '/items/nope/sync')).status, 404);
  });

  it('sets a connector status', async () => {
    const answer = await control('POST', '/connectors/0/status', { status: 'UNSTABLE' });
    assert.equal(answer.status, 200);
    assert.equal((await h.client.fetchConnector(0)).health.status, 'UNSTABLE');
    assert.equal((await control('POST', '/connectors/0/status', { status: 'BROKEN' })).status, 400);
    await control('POST', '/reset');
    assert.equal((await h.client.fetchConnector(0)).health.status, 'ONLINE');
  });

  it('injects 429 with Retry-After; the SDK retries and gets through', async () => {
    await control('POST', '/faults', {
      path: '/connectors',
      method: 'get',
      count: 1,
      status: 429,
      retryAfter: 1,
    });
    const raw = await rawCall(h.emu.apiUrl, 'GET', '/connectors?sandbox=true', { apiKey });
    assert.equal(raw.status, 429);
    assert.equal(raw.headers.get('retry-after'), '1');
    assert.equal(
      raw.body.message,
      'Too many requests. Please try again later (see Retry-After header in seconds)',
    );

    await control('POST', '/faults', { path: '/connectors', count: 1, status: 429, retryAfter: 1 });
    const started = Date.now();
    const page = await h.client.fetchConnectors({ sandbox: true });
    assert.equal(page.total, 5);
    assert.ok(Date.now() - started >= 900, 'the SDK honoured Retry-After');
  });

  it('injects 5xx for the next N matching responses only', async () => {
    await control('POST', '/faults', { path: '/connectors', count: 2, status: 503 });
    assert.equal((await rejectionOf(h.client.fetchConnectors({ sandbox: true }))).code, 503);
    assert.equal((await rawCall(h.emu.apiUrl, 'GET', '/connectors/0', { apiKey })).status, 503);
    assert.equal((await rawCall(h.emu.apiUrl, 'GET', '/connectors/0', { apiKey })).status, 200);
    await control('POST', '/faults', { path: '/items', method: 'POST', count: 1, status: 500 });
    assert.equal((await rawCall(h.emu.apiUrl, 'GET', '/connectors/0', { apiKey })).status, 200);
    assert.equal((await rejectionOf(h.client.createItem(0, OK))).code, 500);
  });

  it('injects a delay, and DELETE /faults clears pending faults', async () => {
    await control('POST', '/faults', { path: '/connectors', count: 1, delayMs: 300 });
    const started = Date.now();
    assert.equal((await rawCall(h.emu.apiUrl, 'GET', '/connectors/0', { apiKey })).status, 200);
    assert.ok(Date.now() - started >= 290);
    await control('POST', '/faults', { path: '/connectors', count: 5, status: 502 });
    assert.equal((await control('DELETE', '/faults')).status, 200);
    assert.equal((await rawCall(h.emu.apiUrl, 'GET', '/connectors/0', { apiKey })).status, 200);
    assert.equal(
      (await control('POST', '/faults', { path: 'connectors', count: 1, status: 418 })).status,
      400,
    );
  });

  it('exposes the same controls in process', async () => {
    const item = await h.client.createItem(0, OK);
    assert.equal(h.emu.controls.items()[0]?.id, item.id);
    await waitForItem(h.client, item.id);
    assert.equal(h.emu.controls.syncItem(item.id).created.length, 4);
    h.emu.controls.addFault({ path: '/items', count: 1, status: 502 });
    assert.equal(h.emu.controls.faults().length, 1);
    assert.equal((await rejectionOf(h.client.fetchItem(item.id))).code, 502);
    const now = h.emu.clock.now();
    h.emu.controls.advanceClock(5000);
    assert.ok(h.emu.clock.now() - now >= 5000);
  });
});
