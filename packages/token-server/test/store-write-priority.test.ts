// Webhook acknowledgements before the worker on the SQLite connection (store/write-priority.ts).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  acknowledgementsSettled,
  PriorityGate,
  trackAcknowledgement,
  urgently,
} from '../src/store/write-priority.js';
import type { Store } from '../src/store/index.js';
import { backends, type TestStore } from './helpers/stores.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('PriorityGate', () => {
  test('urgent waiters take the gate before ordinary ones that queued earlier', async () => {
    const gate = new PriorityGate();
    const order: string[] = [];
    await gate.acquire();
    const ordinary = gate.acquire().then(() => order.push('ordinary'));
    const urgent = urgently(() => gate.acquire()).then(() => order.push('urgent'));
    gate.release();
    await urgent;
    gate.release();
    await ordinary;
    gate.release();
    gate.close();
    assert.deepEqual(order, ['urgent', 'ordinary']);
  });

  test('an ordinary waiter waits while an acknowledgement is in flight, and goes when it is answered', async () => {
    const gate = new PriorityGate(10_000);
    const answered = trackAcknowledgement();
    let admitted = false;
    const waiting = gate.acquire().then(() => (admitted = true));
    await tick();
    assert.equal(admitted, false);
    // Urgent work is not held back by the acknowledgement in flight.
    await urgently(() => gate.acquire());
    gate.release();
    assert.equal(admitted, false);
    answered();
    await waiting;
    assert.equal(admitted, true);
    gate.release();
    gate.close();
  });

  test('an ordinary waiter goes after maxDeferMs even while acknowledgements keep coming', async () => {
    const gate = new PriorityGate(40);
    const answered = trackAcknowledgement();
    const started = Date.now();
    await gate.acquire();
    const waited = Date.now() - started;
    answered();
    gate.release();
    gate.close();
    assert.ok(waited >= 35, `admitted after ${waited} ms`);
  });

  test('answering twice counts once', async () => {
    const gate = new PriorityGate(10_000);
    const first = trackAcknowledgement();
    const second = trackAcknowledgement();
    first();
    first();
    let admitted = false;
    const waiting = gate.acquire().then(() => (admitted = true));
    await tick();
    assert.equal(admitted, false, 'the second acknowledgement is still in flight');
    second();
    await waiting;
    gate.release();
    gate.close();
  });
});

describe('acknowledgementsSettled', () => {
  test('resolves at once with nothing in flight, when the last one is answered, or after maxDeferMs', async () => {
    const started = Date.now();
    await acknowledgementsSettled(10_000);
    assert.ok(Date.now() - started < 50);

    const answered = trackAcknowledgement();
    let settled = false;
    const waiting = acknowledgementsSettled(10_000).then(() => (settled = true));
    await tick();
    assert.equal(settled, false);
    answered();
    await waiting;

    const stillInFlight = trackAcknowledgement();
    const deferStarted = Date.now();
    await acknowledgementsSettled(40);
    assert.ok(Date.now() - deferStarted >= 35);
    stillInFlight();
  });
});

for (const backend of backends)
  describe(`${backend.name} store under acknowledgements`, () => {
    let db: TestStore;
    let store: Store;
    before(async () => {
      db = await backend.open();
      store = db.store;
    });
    after(async () => {
      await db.cleanup();
    });

    test('worker queries wait for in-flight acknowledgements; the inbox insert does not', async () => {
      const answered = trackAcknowledgement();
      let counted = false;
      const workerQuery = store.inbox.countByStatus().then(() => (counted = true));
      const inserted = await store.inbox.insert({
        eventId: `evt-priority-${process.pid}`,
        event: 'item/updated',
        itemId: 'item-1',
        payload: { event: 'item/updated' },
        receivedAt: Date.now(),
      });
      assert.equal(inserted, 'inserted');
      await tick();
      assert.equal(counted, false, 'the worker query ran while an acknowledgement was in flight');
      answered();
      await workerQuery;
      assert.deepEqual(await store.inbox.countByStatus(), { pending: 1, processing: 0, done: 0, dead: 0 });
    });
  });
