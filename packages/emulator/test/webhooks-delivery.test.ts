import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { HOUR_MS } from '../src/webhooks/retry-schedule.js';
import {
  startHarness,
  startReceiver,
  sleep,
  waitUntil,
  type Harness,
  type Receiver,
} from './webhooks-helpers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('webhook delivery', () => {
  const cleanups: (() => Promise<void>)[] = [];
  const track = <T extends Harness | Receiver>(thing: T): T => {
    cleanups.push(() => thing.close());
    return thing;
  };
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('POSTs the Pluggy payload as JSON with the registered custom headers', async () => {
    const emu = track(await startHarness());
    const receiver = track(await startReceiver());
    await emu.register('item/created', receiver.url, {
      'X-Kit-Secret': 's3cret',
      authorization: 'Bearer abc',
    });

    emu.service.emit(
      'item/created',
      { itemId: 'item-1', triggeredBy: 'USER', clientUserId: 'user-9' },
      { clientId: 'client-a' },
    );
    await waitUntil(() => receiver.requests.length === 1, 'one delivery');

    const [request] = receiver.requests;
    assert.equal(request?.method, 'POST');
    assert.equal(request?.path, '/hook');
    assert.equal(request?.headers['content-type'], 'application/json');
    assert.match(String(request?.headers['user-agent']), /\S/);
    assert.equal(request?.headers['x-kit-secret'], 's3cret');
    assert.equal(request?.headers.authorization, 'Bearer abc');
    const body = request?.body ?? {};
    assert.equal(body.event, 'item/created');
    assert.match(String(body.eventId), UUID);
    assert.deepEqual(body, {
      event: 'item/created',
      eventId: body.eventId,
      id: 'item-1',
      itemId: 'item-1',
      triggeredBy: 'USER',
      clientUserId: 'user-9',
    });

    await waitUntil(() => emu.service.deliveries().length === 1, 'the log entry');
    const [record] = emu.service.deliveries();
    assert.equal(record?.eventId, body.eventId);
    assert.equal(record?.attempt, 1);
    assert.equal(record?.status, 200);
    assert.equal(record?.error, undefined);
    assert.match(String(record?.at), ISO);
    assert.equal(record?.headers['x-kit-secret'], 's3cret');
    assert.deepEqual(record?.body, body);
  });

  it('gives every event a fresh eventId', async () => {
    const emu = track(await startHarness());
    const receiver = track(await startReceiver());
    await emu.register('item/updated', receiver.url);
    emu.service.emit('item/updated', { itemId: 'i' }, { clientId: 'client-a' });
    emu.service.emit('item/updated', { itemId: 'i' }, { clientId: 'client-a' });
    await waitUntil(() => receiver.requests.length === 2, 'two deliveries');
    assert.notEqual(receiver.requests[0]?.body.eventId, receiver.requests[1]?.body.eventId);
  });

  it("routes to the client's webhooks for the event or 'all', and to the resource webhookUrl without custom headers", async () => {
    const emu = track(await startHarness());
    const forEvent = track(await startReceiver());
    const forAll = track(await startReceiver());
    const otherEvent = track(await startReceiver());
    const otherClient = track(await startReceiver());
    const resource = track(await startReceiver());
    await emu.register('item/error', forEvent.url, { 'x-secret': 'a' });
    await emu.register('all', forAll.url);
    await emu.register('item/updated', otherEvent.url);
    await emu.register('item/error', otherClient.url, {}, 'client-b');

    const error = { code: 'INVALID_CREDENTIALS', message: 'wrong password' };
    emu.service.emit(
      'item/error',
      { itemId: 'i', error },
      { clientId: 'client-a', resourceWebhookUrl: resource.url },
    );
    await waitUntil(() => emu.service.deliveries().length === 3, 'three deliveries');
    await sleep(50);

    assert.equal(forEvent.requests.length, 1);
    assert.equal(forAll.requests.length, 1);
    assert.equal(resource.requests.length, 1);
    assert.equal(otherEvent.requests.length, 0);
    assert.equal(otherClient.requests.length, 0);
    assert.deepEqual(resource.requests[0]?.body.error, error);
    assert.equal(resource.requests[0]?.headers['x-secret'], undefined);
    const eventIds = new Set([forEvent, forAll, resource].map((r) => r.requests[0]?.body.eventId));
    assert.equal(eventIds.size, 1, 'one event, one eventId for every target');
  });

  it("sends connector/status_updated to every client's subscribers with the connector id as a string", async () => {
    const emu = track(await startHarness());
    const clientA = track(await startReceiver());
    const clientB = track(await startReceiver());
    await emu.register('connector/status_updated', clientA.url);
    await emu.register('all', clientB.url, {}, 'client-b');

    emu.service.emit(
      'connector/status_updated',
      { id: 201, data: { status: 'UNSTABLE' } },
      { clientId: 'client-a' },
    );
    await waitUntil(() => clientA.requests.length === 1 && clientB.requests.length === 1, 'both clients');
    assert.equal(clientA.requests[0]?.body.id, '201');
    assert.deepEqual(clientB.requests[0]?.body.data, { status: 'UNSTABLE' });
  });

  it('skips a disabled webhook and resumes once it is enabled again', async () => {
    const emu = track(await startHarness());
    const receiver = track(await startReceiver());
    const id = await emu.register('item/deleted', receiver.url);
    assert.equal((await emu.call('PATCH', `/webhooks/${id}`, { enabled: false })).status, 200);
    emu.service.emit('item/deleted', { itemId: 'gone' }, { clientId: 'client-a' });
    await sleep(100);
    assert.equal(receiver.requests.length, 0);

    await emu.call('PATCH', `/webhooks/${id}`, { enabled: true });
    emu.service.emit('item/deleted', { itemId: 'gone' }, { clientId: 'client-a' });
    await waitUntil(() => receiver.requests.length === 1, 'delivery after re-enabling');
  });

  it('sends first attempts to one URL in emission order, without holding later events behind retries', async () => {
    const emu = track(await startHarness());
    // 'a' always fails (its first answer after 300 ms); the others succeed at once.
    const receiver = track(
      await startReceiver((index, body) => ({
        status: body.itemId === 'a' ? 500 : 200,
        stallMs: index === 0 ? 300 : 0,
      })),
    );
    await emu.register('all', receiver.url);
    for (const itemId of ['a', 'b', 'c'])
      emu.service.emit('item/updated', { itemId }, { clientId: 'client-a' });
    const itemIds = () => receiver.requests.map((r) => r.body.itemId);
    await waitUntil(() => itemIds().includes('c'), "c's delivery");

    assert.deepEqual([...new Set(itemIds())], ['a', 'b', 'c'], 'first attempts in emission order');
    const [first, second] = receiver.requests;
    assert.ok((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0) >= 290, 'b waited for a to be answered');
    // a's 4th try is an hour away on the emulator clock, so b and c did not wait for a's retries.
    assert.ok(itemIds().filter((id) => id === 'a').length <= 3);
  });

  it('retries a non-2xx answer 3 times at once, 3 more after 1 h and 3 more after 2 h: 9 attempts at most', async () => {
    const emu = track(await startHarness());
    const receiver = track(await startReceiver(() => ({ status: 500 })));
    await emu.register('item/updated', receiver.url);
    const start = emu.clock.now();

    emu.service.emit('item/updated', { itemId: 'i' }, { clientId: 'client-a' });
    await waitUntil(() => emu.service.deliveries().length === 3, 'the immediate batch');
    await sleep(300);
    assert.equal(receiver.requests.length, 3, 'no 4th try before an hour has passed');

    emu.clock.advance(HOUR_MS - 60_000);
    await sleep(100);
    assert.equal(receiver.requests.length, 3);
    emu.clock.advance(60_000);
    // The next gap counts from the answer to the last try, so wait for the log, not for the receiver.
    await waitUntil(() => emu.service.deliveries().length === 6, 'the 1 h batch');

    emu.clock.advance(HOUR_MS);
    await sleep(100);
    assert.equal(receiver.requests.length, 6, 'the last batch waits 2 h, not 1 h');
    emu.clock.advance(HOUR_MS);
    await waitUntil(() => emu.service.deliveries().length === 9, 'the 2 h batch');

    emu.clock.advance(24 * HOUR_MS);
    await sleep(200);
    assert.equal(receiver.requests.length, 9, 'never a 10th try');

    const log = emu.service.deliveries();
    assert.deepEqual(
      log.map((r) => r.attempt),
      [1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    assert.ok(log.every((r) => r.status === 500));
    assert.equal(new Set(log.map((r) => r.eventId)).size, 1, 'retries keep the eventId');
    const hoursAfterStart = log.map((r) => Math.floor((Date.parse(r.at) - start) / HOUR_MS));
    assert.deepEqual(hoursAfterStart, [0, 0, 0, 1, 1, 1, 3, 3, 3]);
  });

  it('stops retrying as soon as an attempt gets a 2xx', async () => {
    const emu = track(await startHarness());
    const receiver = track(await startReceiver((index) => ({ status: index < 2 ? 503 : 204 })));
    await emu.register('item/updated', receiver.url);
    emu.service.emit('item/updated', { itemId: 'i' }, { clientId: 'client-a' });
    await waitUntil(() => emu.service.deliveries().length === 3, 'three attempts');
    emu.clock.advance(5 * HOUR_MS);
    await sleep(150);
    assert.deepEqual(
      emu.service.deliveries().map((r) => r.status),
      [503, 503, 204],
    );
    assert.equal(receiver.requests.length, 3);
  });

  it('does not retry a 401 answer', async () => {
    const emu = track(await startHarness());
    const receiver = track(await startReceiver(() => ({ status: 401 })));
    await emu.register('item/updated', receiver.url);
    emu.service.emit('item/updated', { itemId: 'i' }, { clientId: 'client-a' });
    await waitUntil(() => emu.service.deliveries().length === 1, 'the first attempt');
    await sleep(250);
    emu.clock.advance(5 * HOUR_MS);
    await sleep(150);
    assert.equal(receiver.requests.length, 1);
    assert.equal(emu.service.deliveries()[0]?.status, 401);
  });

  it('records an unreachable receiver as an error and retries it', async () => {
    const emu = track(await startHarness());
    const gone = await startReceiver();
    await gone.close();
    await emu.register('item/updated', gone.url);
    emu.service.emit('item/updated', { itemId: 'i' }, { clientId: 'client-a' });
    await waitUntil(() => emu.service.deliveries().length === 3, 'three failed attempts');
    const log = emu.service.deliveries();
    assert.ok(
      log.every((r) => r.status === undefined && /^ECONNREFUSED/.test(String(r.error))),
      JSON.stringify(log),
    );
  });

  it('counts an answer slower than 5 s as a failure and retries it', async () => {
    const emu = track(await startHarness());
    const receiver = track(
      await startReceiver((index) => ({ status: 200, stallMs: index === 0 ? 6000 : 0 })),
    );
    await emu.register('transactions/created', receiver.url);
    emu.service.emit('transactions/created', { itemId: 'i', accountId: 'a' }, { clientId: 'client-a' });

    await waitUntil(() => emu.service.deliveries().length === 2, 'the timed-out attempt and its retry', 9000);
    const [slow, retry] = emu.service.deliveries();
    assert.equal(slow?.status, undefined);
    assert.match(String(slow?.error), /^TIMEOUT/);
    assert.ok(
      (slow?.durationMs ?? 0) >= 4950 && (slow?.durationMs ?? 0) < 6500,
      `took ${slow?.durationMs} ms`,
    );
    assert.equal(retry?.status, 200);
    assert.equal(retry?.attempt, 2);
  });

  it('reset clears the log and cancels pending retries', async () => {
    const emu = track(await startHarness());
    const receiver = track(await startReceiver(() => ({ status: 500 })));
    await emu.register('item/updated', receiver.url);
    emu.service.emit('item/updated', { itemId: 'i' }, { clientId: 'client-a' });
    await waitUntil(() => emu.service.deliveries().length === 3, 'the immediate batch');

    emu.service.reset();
    assert.deepEqual(emu.service.deliveries(), []);
    assert.deepEqual((await emu.call('GET', '/webhooks')).json.results, []);
    emu.clock.advance(3 * HOUR_MS);
    await sleep(150);
    assert.equal(receiver.requests.length, 3);
    assert.deepEqual(emu.service.deliveries(), []);
  });

  it('stop waits for an in-flight delivery, cancels pending retries and ignores later events', async () => {
    const emu = track(await startHarness());
    const receiver = track(
      await startReceiver((index) => ({ status: index === 0 ? 500 : 200, stallMs: 300 })),
    );
    await emu.register('item/updated', receiver.url);
    emu.service.emit('item/updated', { itemId: 'i' }, { clientId: 'client-a' });
    await waitUntil(() => receiver.requests.length === 1, 'the first request');

    await emu.service.stop();
    assert.equal(emu.service.deliveries()[0]?.status, 500, 'the in-flight answer was awaited');
    emu.service.emit('item/updated', { itemId: 'i' }, { clientId: 'client-a' });
    emu.clock.advance(3 * HOUR_MS);
    await sleep(200);
    assert.equal(receiver.requests.length, 1);
  });
});
