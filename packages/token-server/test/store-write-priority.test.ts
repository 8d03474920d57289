// Webhook acknowledgements before the worker's queries (store/write-priority.ts), on both stores.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { acknowledgementsSettled, PriorityGate, trackAcknowledgement } from '../src/store/write-priority.js';
import { backends, type TestStore } from './helpers/stores.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('PriorityGate', () => {
  test('one holder at a time; urgent waiters go before ordinary ones that queued earlier', async () => {
    const gate = new PriorityGate();
    const order: string[] = [];
    await gate.acquire(false);
    const ordinary = gate.acquire(false).then(() => order.push('ordinary'));
    const urgent = gate.acquire(true).then(() => order.push('urgent'));
    await tick();
    assert.deepEqual(order, [], 'nobody enters while the gate is held');
    gate.release();
    await urgent;
    await tick();
    assert.deepEqual(order, ['urgent'], 'the ordinary waiter waits for the urgent holder');
    gate.release();
    await ordinary;
    gate.release();
    assert.deepEqual(order, ['urgent', 'ordinary']);
  });
});

describe('acknowledgementsSettled', () => {
  test('resolves at once when nothing is in flight', async () => {
    const started = Date.now();
    await acknowledgementsSettled(10_000);
    assert.ok(Date.now() - started < 50);
  });

  test('waits until the last acknowledgement is answered; answering twice counts once', async () => {
    const first = trackAcknowledgement();
    const second = trackAcknowledgement();
    let settled = false;
    const waiting = acknowledgementsSettled(10_000).then(() => (settled = true));
    first();
    first();
    await tick();
    assert.equal(settled, false, 'the second acknowledgement is still in flight');
    second();
    await waiting;
    assert.equal(settled, true);
  });

  test('gives up waiting after maxDeferMs while acknowledgements keep coming', async () => {
    const inFlight = trackAcknowledgement();
    const started = Date.now();
    await acknowledgementsSettled(40);
    const waited = Date.now() - started;
    inFlight();
    assert.ok(waited >= 35, `waited ${waited} ms`);
  });
});

for (const backend of backends) {
  describe(`${backend.name} store under acknowledgements`, () => {
    let db: TestStore;
    before(async () => {
      db = await backend.open();
    });
    after(async () => {
      await db.cleanup();
    });

    test('other queries wait for in-flight acknowledgements; the inbox insert does not', async () => {
      const answered = trackAcknowledgement();
      let counted = false;
      const workerQuery = db.store.inbox.countByStatus().then(() => (counted = true));
      const inserted = await db.store.inbox.insert({
        eventId: `evt-priority-${backend.name}-${process.pid}`,
        event: 'item/updated',
        itemId: 'item-1',
        payload: { event: 'item/updated' },
        receivedAt: Date.now(),
      });
      assert.equal(inserted, 'inserted');
      await tick();
      assert.equal(counted, false, 'the query ran while an acknowledgement was in flight');
      answered();
      await workerQuery;
      assert.deepEqual(await db.store.inbox.countByStatus(), {
        pending: 1,
        processing: 0,
        done: 0,
        dead: 0,
      });
    });
  });
}
