import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type Emulator } from '@pluggy-kit/emulator';
import { apiKeyOf, registerWebhook } from './helpers/emulator-driver.js';
import { startKit, WEBHOOK_SECRET, type TestKit } from './helpers/kit-server.js';

interface ItemView {
  id: string;
  status: string;
  action: string;
  connector: { id: number; name: string };
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Reads `event: item` messages of GET /api/events into a list. */
function listen(kit: TestKit, cookie: string) {
  const controller = new AbortController();
  const events: { itemId: string; kind: string; status?: string }[] = [];
  const done = fetch(`${kit.url}/api/events`, { headers: { cookie }, signal: controller.signal })
    .then(async (response) => {
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of response.body!) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(message)?.[1];
          if (/^event: item$/m.test(message) && data)
            events.push(JSON.parse(data) as (typeof events)[number]);
        }
      }
    })
    .catch(() => undefined);
  return { events, stop: () => (controller.abort(), done) };
}

/** One run step every 5 emulator-clock minutes: an item stays in progress until the test moves the clock. */
const STEP_MS = 5 * 60_000;

describe('item routes', () => {
  let emulator: Emulator;
  let kit: TestKit;
  let alice: string;
  let bob: string;
  let itemId: string;
  const deletedHooks: { userId: string; itemId: string }[] = [];

  const json = async <T>(response: Response | Promise<Response>): Promise<T> =>
    (await (await response).json()) as T;
  /** Waits until the worker has finished an event of this item received from Pluggy. */
  const itemEventDone = (id: string, event: string) =>
    eventually(
      async () => (await kit.kit.router.store!.inbox.list('done', 10_000)).filter((row) => row.itemId === id),
      (rows) => rows.some((row) => row.event === event),
      `${event} of ${id} to be handled`,
    );

  /** Moves the emulator clock step by step (each step schedules the next) until the item's run has ended. */
  function finishRun(id: string): void {
    for (let step = 0; step < 20; step += 1) {
      if (emulator.controls.items().find((item) => item.id === id)?.status !== 'UPDATING') return;
      emulator.controls.advanceClock(STEP_MS);
    }
    throw new Error(`the run of ${id} did not end`);
  }

  before(async () => {
    emulator = await startEmulator({ stepDelayMs: STEP_MS });
    kit = await startKit(emulator, {
      rateLimit: { refreshPerUserPerMinute: 100 },
      hooks: { onItemDeleted: (event) => void deletedHooks.push(event) },
    });
    [alice, bob] = [await kit.signIn('alice'), await kit.signIn('bob')];
    // Item state after a refresh arrives the way it does in production: by webhook.
    await registerWebhook(emulator, `${kit.url}/api/webhooks`, { 'x-pluggy-kit-secret': WEBHOOK_SECRET });
    itemId = (await kit.connect(alice)).id;
  });
  after(async () => {
    await kit.stop();
    await emulator.stop();
  });

  it('records an item Pluggy says the user made, then syncs its accounts and transactions', async () => {
    // Unknown fields are refused before Pluggy is asked anything (an id nobody else reads, to count on).
    const probe = '11111111-1111-4111-8111-111111111111';
    for (const body of [
      { itemId: probe, extra: 1 },
      { itemId: probe, clientUserId: 'alice' },
      { itemId: probe, userId: 'alice' },
      {},
      { itemId: 42 },
    ]) {
      const response = await kit.request('POST', '/api/items', { cookie: alice, body });
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal((await json<{ code: string }>(response)).code, 'VALIDATION_FAILED');
    }
    assert.equal(kit.calls.count('GET', `/items/${probe}`), 0);

    // The emulator clock has not moved: the first run is still going, so the UI is told to wait.
    const recorded = await kit.request('POST', '/api/items', { cookie: alice, body: { itemId } });
    assert.equal(recorded.status, 200);
    const view = (await recorded.json()) as ItemView;
    assert.deepEqual([view.id, view.connector.id, view.status, view.action], [itemId, 0, 'UPDATING', 'wait']);
    const again = await kit.request('POST', '/api/items', { cookie: alice, body: { itemId } });
    assert.equal(again.status, 200, 'recording twice is harmless');
    finishRun(itemId);

    const item = await eventually(
      () => json<ItemView>(kit.request('GET', `/api/items/${itemId}`, { cookie: alice })),
      (value) => value.status === 'UPDATED',
      'UPDATED',
    );
    assert.equal(item.action, 'none');
    const accounts = await eventually(
      () =>
        json<{ results: { id: string }[] }>(
          kit.request('GET', `/api/items/${itemId}/accounts`, { cookie: alice }),
        ),
      (value) => value.results.length >= 2,
      'accounts',
    );
    assert.ok(accounts.results.length >= 2);
    const page = await eventually(
      () =>
        json<{ results: { date: string }[]; total: number; totalPages: number }>(
          kit.request('GET', `/api/items/${itemId}/transactions?page=1&pageSize=10`, { cookie: alice }),
        ),
      (value) => value.total > 10,
      'transactions',
    );
    assert.equal(page.results.length, 10);
    assert.ok(page.totalPages > 1);
    const list = await json<{ results: ItemView[] }>(kit.request('GET', '/api/items', { cookie: alice }));
    assert.deepEqual(
      list.results.map((listed) => listed.id),
      [itemId],
    );
  });

  it('validates transaction queries strictly', async () => {
    for (const query of [
      'pageSize=501',
      'page=0',
      'from=2024-13',
      'from=2025-13-45',
      'from=2025-02-30',
      'from=2025-02-01&to=2025-01-01',
      'page=1e3',
      'page=0x10',
      'page=1.5',
      'pageSize=%2010',
      'sort=asc',
    ]) {
      const response = await kit.request('GET', `/api/items/${itemId}/transactions?${query}`, {
        cookie: alice,
      });
      assert.equal(response.status, 400, query);
    }
    const ranged = await json<{ results: { date: string }[] }>(
      kit.request('GET', `/api/items/${itemId}/transactions?from=2026-01-01&to=2026-12-31&pageSize=500`, {
        cookie: alice,
      }),
    );
    assert.ok(ranged.results.every((transaction) => transaction.date.slice(0, 4) === '2026'));
    const leapDay = await kit.request('GET', `/api/items/${itemId}/transactions?from=2024-02-29&page=2`, {
      cookie: alice,
    });
    assert.equal(leapDay.status, 200);
    assert.equal(((await leapDay.json()) as { page: number }).page, 2);
  });

  it("marks every answer with the user's data no-store", async () => {
    for (const path of [
      '/api/items',
      `/api/items/${itemId}`,
      `/api/items/${itemId}/accounts`,
      `/api/items/${itemId}/transactions`,
    ]) {
      const response = await kit.request('GET', path, { cookie: alice });
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('cache-control'), 'no-store', path);
    }
  });

  it('refuses options on refresh and delete (unknown fields are a 400), and the item stays', async () => {
    for (const [method, path, body] of [
      ['POST', `/api/items/${itemId}/refresh`, { force: true }],
      ['DELETE', `/api/items/${itemId}`, { reason: 'x' }],
    ] as const) {
      const response = await kit.request(method, path, { cookie: alice, body });
      assert.equal(response.status, 400, method);
      assert.equal(((await response.json()) as { code: string }).code, 'VALIDATION_FAILED');
    }
    assert.equal((await kit.request('GET', `/api/items/${itemId}`, { cookie: alice })).status, 200);
  });

  it("never lets another user see, record, refresh or delete someone's item (404, no leak)", async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const [method, path, body] of [
      ['GET', `/api/items/${itemId}`],
      ['GET', `/api/items/${itemId}/accounts`],
      ['GET', `/api/items/${itemId}/transactions`],
      ['POST', `/api/items/${itemId}/refresh`, {}],
      ['DELETE', `/api/items/${itemId}`],
      ['POST', '/api/items', { itemId }],
      ['GET', `/api/items/${unknown}`],
      ['POST', '/api/items', { itemId: unknown }],
    ] as const) {
      const response = await kit.request(method, path, { cookie: bob, ...(body ? { body } : {}) });
      assert.equal(response.status, 404, `${method} ${path}`);
      assert.equal((await json<{ code: string }>(response)).code, 'ITEM_NOT_FOUND');
    }
    const bobsList = await json<{ results: unknown[] }>(kit.request('GET', '/api/items', { cookie: bob }));
    assert.deepEqual(bobsList.results, []);
    assert.equal((await kit.request('GET', '/api/items/not-a-uuid', { cookie: bob })).status, 400);
    assert.equal((await kit.request('GET', '/api/items')).status, 401);
  });

  it('refreshes through Pluggy: already running is 409, Pluggy 429 is 429 with Retry-After; events reach only the owner', async () => {
    const aliceEvents = listen(kit, alice);
    const bobEvents = listen(kit, bob);
    try {
      const started = await kit.request('POST', `/api/items/${itemId}/refresh`, { cookie: alice, body: {} });
      assert.equal(started.status, 200);
      assert.equal((await json<ItemView>(started)).action, 'wait');
      const running = await kit.request('POST', `/api/items/${itemId}/refresh`, { cookie: alice, body: {} });
      assert.equal(running.status, 409);
      assert.equal((await json<{ code: string }>(running)).code, 'ITEM_ALREADY_UPDATING');
      finishRun(itemId);
      await eventually(
        () => json<ItemView>(kit.request('GET', `/api/items/${itemId}`, { cookie: alice })),
        (value) => value.status === 'UPDATED',
        'UPDATED after refresh',
      );
      emulator.controls.addFault({
        path: `/items/${itemId}`,
        method: 'PATCH',
        count: 1,
        status: 429,
        retryAfter: 60,
      });
      const limited = await kit.request('POST', `/api/items/${itemId}/refresh`, { cookie: alice, body: {} });
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('retry-after'), '60');
      await eventually(
        async () => aliceEvents.events,
        (events) => events.length > 0,
        'an SSE event',
      );
      assert.ok(aliceEvents.events.every((event) => event.itemId === itemId));
      assert.deepEqual(bobEvents.events, []);
    } finally {
      await Promise.all([aliceEvents.stop(), bobEvents.stop()]);
    }
  });

  it('keeps the local item when Pluggy fails to delete, and removes it when Pluggy did or already had', async () => {
    emulator.controls.addFault({ path: `/items/${itemId}`, method: 'DELETE', count: 3, status: 503 });
    const failed = await kit.request('DELETE', `/api/items/${itemId}`, { cookie: alice });
    assert.equal(failed.status, 502);
    assert.ok(failed.headers.get('retry-after'));
    assert.equal((await kit.request('GET', `/api/items/${itemId}`, { cookie: alice })).status, 200);

    assert.equal(deletedHooks.length, 0, 'a failed deletion runs no hook');

    const deleted = await kit.request('DELETE', `/api/items/${itemId}`, { cookie: alice });
    assert.equal(deleted.status, 200);
    assert.equal((await kit.request('GET', `/api/items/${itemId}`, { cookie: alice })).status, 404);
    // Pluggy's item/deleted webhook follows; once the worker has handled it the hook has still run once.
    await itemEventDone(itemId, 'item/deleted');
    assert.deepEqual(deletedHooks, [{ userId: 'alice', itemId }]);
    assert.equal(
      emulator.controls.items().some((item) => item.id === itemId),
      false,
    );
    const accounts = await kit.request('GET', `/api/items/${itemId}/accounts`, { cookie: alice });
    assert.equal(accounts.status, 404);

    // Gone at Pluggy already (deleted elsewhere): the local copy still goes.
    const other = (await kit.connect(alice)).id;
    assert.equal(
      (await kit.request('POST', '/api/items', { cookie: alice, body: { itemId: other } })).status,
      200,
    );
    // Its item/deleted webhook is held back (emulator clock), so the route is the one that finds it gone.
    emulator.controls.webhookFaults.add({ mode: 'delay', count: 1, delayMs: 600_000 });
    await fetch(`${emulator.apiUrl}/items/${other}`, {
      method: 'DELETE',
      headers: { 'x-api-key': await apiKeyOf(emulator) },
    });
    const cleaned = await kit.request('DELETE', `/api/items/${other}`, { cookie: alice });
    assert.equal(cleaned.status, 200);
    assert.equal((await kit.request('GET', `/api/items/${other}`, { cookie: alice })).status, 404);
    assert.deepEqual(deletedHooks.at(-1), { userId: 'alice', itemId: other });
    emulator.controls.advanceClock(600_000);
    await itemEventDone(other, 'item/deleted');
    assert.equal(deletedHooks.filter((event) => event.itemId === other).length, 1);
  });
});
