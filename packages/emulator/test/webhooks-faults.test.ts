import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { WebhookFaultError } from '../src/webhooks/index.js';
import {
  startHarness,
  startReceiver,
  sleep,
  waitUntil,
  type Harness,
  type Receiver,
} from './webhooks-helpers.js';

describe('webhook delivery faults and controls', () => {
  let emu: Harness;
  let receiver: Receiver;
  afterEach(async () => {
    await emu.close();
    await receiver.close();
  });

  const setUp = async (answer?: Parameters<typeof startReceiver>[0]) => {
    emu = await startHarness();
    receiver = await startReceiver(answer);
    await emu.register('all', receiver.url);
  };
  const emit = (itemId: string, event: 'item/updated' | 'item/created' = 'item/updated') =>
    emu.service.emit(event, { itemId }, { clientId: 'client-a' });

  it('duplicate: delivers the same payload and eventId twice, then back to normal', async () => {
    await setUp();
    emu.service.faults.add({ mode: 'duplicate', count: 1 });
    emit('first');
    emit('second');
    await waitUntil(() => emu.service.deliveries().length === 3, 'three logged requests');
    const bodiesOf = (itemId: string) =>
      receiver.requests.map((r) => r.body).filter((b) => b.itemId === itemId);
    const [a, b] = bodiesOf('first');
    assert.deepEqual(a, b);
    assert.equal(bodiesOf('second').length, 1);
    assert.equal(receiver.requests.length, 3);
    const log = emu.service.deliveries({ eventId: String(a?.eventId) });
    assert.deepEqual(
      log.map((r) => [r.attempt, r.fault]),
      [
        [1, 'duplicate'],
        [1, 'duplicate'],
      ],
    );
  });

  it('delay: holds the delivery for delayMs before sending it', async () => {
    await setUp();
    emu.service.faults.add({ mode: 'delay', count: 1, delayMs: 400 });
    const emittedAt = Date.now();
    emit('slow');
    await sleep(200);
    assert.equal(receiver.requests.length, 0, 'still held');
    await waitUntil(() => receiver.requests.length === 1, 'the delayed delivery');
    assert.ok((receiver.requests[0]?.receivedAt ?? 0) - emittedAt >= 390);
    await waitUntil(() => emu.service.deliveries().length === 1, 'the log entry');
    assert.equal(emu.service.deliveries()[0]?.fault, 'delay');
  });

  it('reorder: holds a delivery until the next one has been delivered', async () => {
    await setUp();
    emu.service.faults.add({ mode: 'reorder', count: 1 });
    emit('held', 'item/created');
    await sleep(150);
    assert.equal(receiver.requests.length, 0, 'held until another delivery happens');
    emit('overtaking');
    await waitUntil(() => receiver.requests.length === 2, 'both deliveries');
    assert.deepEqual(
      receiver.requests.map((r) => r.body.itemId),
      ['overtaking', 'held'],
    );
  });

  it('clearing faults releases a delivery held by reorder', async () => {
    await setUp();
    emu.service.faults.add({ mode: 'reorder', count: 1 });
    emit('held');
    await sleep(100);
    assert.equal(receiver.requests.length, 0);
    const cleared = await emu.call('DELETE', '/__emulator/webhooks/faults');
    assert.equal(cleared.status, 200);
    await waitUntil(() => receiver.requests.length === 1, 'the released delivery');
    assert.deepEqual(emu.service.faults.list(), []);
  });

  it('fail: records failed attempts without sending, so the normal retries follow', async () => {
    await setUp();
    emu.service.faults.add({ mode: 'fail', count: 2, status: 503 });
    emit('flaky');
    await waitUntil(() => emu.service.deliveries().length === 3, 'three attempts');
    assert.equal(receiver.requests.length, 1, 'only the third attempt reached the receiver');
    assert.deepEqual(
      emu.service.deliveries().map((r) => [r.attempt, r.status, r.fault]),
      [
        [1, 503, 'fail'],
        [2, 503, 'fail'],
        [3, 200, undefined],
      ],
    );
  });

  it('fail with status 401 stops the retries like a real 401, and the default status is 500', async () => {
    await setUp();
    emu.service.faults.add({ mode: 'fail', count: 1, status: 401 });
    emu.service.faults.add({ mode: 'fail', count: 1 });
    emit('rejected');
    emit('broken');
    await waitUntil(() => emu.service.deliveries().length === 3, 'three attempts');
    await sleep(200);
    const byItem = (itemId: string) =>
      emu.service
        .deliveries()
        .filter((r) => r.body.itemId === itemId)
        .map((r) => r.status);
    assert.deepEqual(byItem('rejected'), [401]);
    assert.deepEqual(byItem('broken'), [500, 200]);
  });

  it('faults apply in the order added, one attempt per unit of count', async () => {
    await setUp();
    emu.service.faults.add({ mode: 'fail', count: 1 });
    emu.service.faults.add({ mode: 'duplicate', count: 2 });
    assert.deepEqual(
      emu.service.faults.list().map((f) => [f.mode, f.count]),
      [
        ['fail', 1],
        ['duplicate', 2],
      ],
    );
    emit('x');
    await waitUntil(() => emu.service.deliveries().length === 3, 'fail then a duplicated retry');
    assert.deepEqual(
      emu.service.deliveries().map((r) => r.fault),
      ['fail', 'duplicate', 'duplicate'],
    );
    assert.deepEqual(
      emu.service.faults.list().map((f) => [f.mode, f.count]),
      [['duplicate', 1]],
    );
  });

  it('the HTTP controls add faults, validate them and filter the delivery log', async () => {
    await setUp();
    const bad = await emu.call('POST', '/__emulator/webhooks/faults', { mode: 'explode', count: 0 });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json.details?.map((d) => d.parameter).sort(), ['count', 'mode']);

    const added = await emu.call('POST', '/__emulator/webhooks/faults', { mode: 'duplicate', count: 1 });
    assert.equal(added.status, 200);
    assert.deepEqual(added.json.faults, [{ mode: 'duplicate', count: 1 }]);

    emit('one', 'item/created');
    emit('two', 'item/updated');
    await waitUntil(() => emu.service.deliveries().length === 3, 'three records');
    const all = await emu.call('GET', '/__emulator/webhooks/deliveries');
    assert.equal(all.status, 200);
    const records = all.json as unknown as { eventId: string; event: string }[];
    assert.equal(records.length, 3);
    const created = await emu.call('GET', '/__emulator/webhooks/deliveries?event=item/created');
    assert.equal((created.json as unknown as unknown[]).length, 2);
    const updatedId = records.find((r) => r.event === 'item/updated')?.eventId;
    const byId = await emu.call('GET', `/__emulator/webhooks/deliveries?eventId=${updatedId}`);
    assert.deepEqual(
      (byId.json as unknown as { eventId: string }[]).map((r) => r.eventId),
      [updatedId],
    );
  });

  it('the in-process faults.add throws a coded error on a bad fault', async () => {
    await setUp();
    assert.throws(
      () => emu.service.faults.add({ mode: 'delay', count: -1 }),
      (error: unknown) => error instanceof WebhookFaultError && error.code === 'INVALID_WEBHOOK_FAULT',
    );
    assert.deepEqual(emu.service.faults.list(), []);
  });
});
