import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import request from 'supertest';
import { PluggyApiError } from '../src/pluggy/pluggy-api.js';
import {
  createWebhookReceiver,
  exponentialBackoff,
  listDeadEvents,
  requeueEvent,
  startWorker,
  WEBHOOK_SECRET_HEADER,
} from '../src/webhooks/index.js';
import { FakePluggy } from './helpers/fake-pluggy.js';
import { deliver, waitFor, waitForFinished } from './helpers/inbox-waits.js';
import { captureLogger } from './helpers/logs.js';
import { makeItem } from './helpers/pluggy-fixtures.js';
import { backends, mintedFor, type TestStore } from './helpers/stores.js';

const HOUR = 60 * 60_000;

/** A clock the test moves by hand; the worker reads it for leases, schedules and retention. */
function fakeClock(start: number) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms), set: (at: number) => void (now = at) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 80));

for (const backend of backends) {
  describe(`worker retries, dead events, leases and retention (${backend.name})`, () => {
    let db: TestStore;
    let base = 10_000_000;
    // Each test runs in its own stretch of fake time so earlier tests' rows are never due in later ones.
    const window = () => (base += 1000 * HOUR);

    before(async () => {
      db = await backend.open();
      // The items below were made with tokens this server minted for these users.
      await mintedFor(db.store, 'alice', 'bob', 'carol', 'dora', 'eve');
    });
    after(async () => {
      await db.cleanup();
    });

    test('case 21: a transient error is retried on the backoff schedule, attempts counted', async () => {
      const clock = fakeClock(window());
      const pluggy = new FakePluggy();
      const item = makeItem({ clientUserId: 'alice' });
      pluggy.items.set(item.id, item);
      pluggy.failNext('fetchItem', 2, () => new PluggyApiError('Service unavailable', 503));
      const worker = startWorker({
        store: db.store,
        pluggy,
        logger: captureLogger().logger,
        pollIntervalMs: 10,
        now: clock.now,
      });
      try {
        const eventId = await deliver(db.store, { event: 'item/updated', itemId: item.id }, clock.now());
        const first = await waitFor(async () => {
          const row = await db.store.inbox.get(eventId);
          return row?.status === 'pending' && row.attempts === 1 ? row : undefined;
        });
        assert.equal(first.nextAttemptAt, clock.now() + exponentialBackoff(1));
        assert.equal(first.lastError, 'Pluggy 503: Service unavailable');

        clock.advance(exponentialBackoff(1) - 1);
        await settle();
        assert.equal(pluggy.callsOf('fetchItem').length, 1, 'not retried before its time');
        clock.advance(1);
        const second = await waitFor(async () => {
          const row = await db.store.inbox.get(eventId);
          return row?.attempts === 2 && row.status === 'pending' ? row : undefined;
        });
        assert.equal(second.nextAttemptAt, clock.now() + exponentialBackoff(2));
        assert.equal(exponentialBackoff(2), 2 * exponentialBackoff(1));

        clock.advance(exponentialBackoff(2));
        const done = await waitForFinished(db.store, eventId);
        assert.deepEqual([done.status, done.attempts], ['done', 3]);
        assert.equal(pluggy.callsOf('fetchItem').length, 3);
        assert.equal(await db.store.items.ownerOf(item.id), 'alice');
      } finally {
        await worker.stop();
      }
    });

    test('case 22: a poison event goes dead after maxAttempts, others keep flowing, requeue works', async () => {
      const clock = fakeClock(window());
      const pluggy = new FakePluggy();
      const poisoned = makeItem({ clientUserId: 'bob' });
      const healthy = makeItem({ clientUserId: 'bob' });
      pluggy.items.set(poisoned.id, poisoned);
      pluggy.items.set(healthy.id, healthy);
      const realFetch = pluggy.fetchItem.bind(pluggy);
      let poison = true;
      pluggy.fetchItem = async (itemId) => {
        if (poison && itemId === poisoned.id) throw new TypeError('cannot read properties of undefined');
        return realFetch(itemId);
      };
      const { logger, lines } = captureLogger();
      const worker = startWorker({
        store: db.store,
        pluggy,
        logger,
        pollIntervalMs: 10,
        now: clock.now,
        maxAttempts: 3,
        backoff: () => 1000,
      });
      try {
        const poisonId = await deliver(db.store, { event: 'item/updated', itemId: poisoned.id }, clock.now());
        for (let attempt = 1; attempt < 3; attempt++) {
          await waitFor(
            async () =>
              (await db.store.inbox.get(poisonId))?.attempts === attempt &&
              (await db.store.inbox.get(poisonId))?.status === 'pending',
          );
          clock.advance(1000);
        }
        const dead = await waitForFinished(db.store, poisonId);
        assert.deepEqual(
          [dead.status, dead.attempts, dead.lastError],
          ['dead', 3, 'TypeError: cannot read properties of undefined'],
        );
        assert.ok(
          lines.some((line) => line.eventId === poisonId && line.level === 50),
          'reported as an error',
        );
        assert.ok((await listDeadEvents(db.store)).some((event) => event.eventId === poisonId));

        const healthyId = await deliver(db.store, { event: 'item/updated', itemId: healthy.id }, clock.now());
        assert.equal(
          (await waitForFinished(db.store, healthyId)).status,
          'done',
          'other events keep flowing',
        );
        clock.advance(10 * HOUR);
        await settle();
        assert.equal((await db.store.inbox.get(poisonId))?.status, 'dead', 'dead stays dead');

        poison = false;
        assert.equal(await requeueEvent(db.store, poisonId), true);
        // requeueEvent schedules at wall-clock now: move the fake clock there so it is due.
        clock.set(Math.max(clock.now(), Date.now()));
        const revived = await waitForFinished(db.store, poisonId);
        assert.deepEqual([revived.status, revived.attempts], ['done', 1]);
        assert.equal(await db.store.items.ownerOf(poisoned.id), 'bob');
        assert.equal(await requeueEvent(db.store, poisonId), false);
      } finally {
        await worker.stop();
      }
    });

    test('case 20 (in process): an event held by a crashed worker is reclaimed after its lease expires', async () => {
      const clock = fakeClock(window());
      const pluggy = new FakePluggy();
      const item = makeItem({ clientUserId: 'carol' });
      pluggy.items.set(item.id, item);
      const eventId = await deliver(db.store, { event: 'item/updated', itemId: item.id }, clock.now());
      const [held] = await db.store.inbox.claim({
        owner: 'crashed-worker',
        now: clock.now(),
        leaseMs: 30_000,
        limit: 1,
      });
      assert.equal(held?.eventId, eventId);

      const worker = startWorker({
        store: db.store,
        pluggy,
        logger: captureLogger().logger,
        pollIntervalMs: 10,
        now: clock.now,
        leaseMs: 30_000,
      });
      try {
        await settle();
        assert.equal(pluggy.callsOf('fetchItem').length, 0, 'a live lease is respected');
        clock.advance(30_000);
        const done = await waitForFinished(db.store, eventId);
        assert.deepEqual([done.status, done.attempts], ['done', 2]);
        assert.equal(await db.store.inbox.complete(eventId, 'crashed-worker', 'late', clock.now()), false);
      } finally {
        await worker.stop();
      }
    });

    test('a long handler keeps its lease alive, so no other worker takes the event meanwhile', async () => {
      const pluggy = new FakePluggy();
      const item = makeItem({ clientUserId: 'dora' });
      pluggy.items.set(item.id, item);
      pluggy.delay('fetchItem', 400);
      const worker = startWorker({
        store: db.store,
        pluggy,
        logger: captureLogger().logger,
        pollIntervalMs: 10,
        leaseMs: 150,
      });
      try {
        const eventId = await deliver(db.store, { event: 'item/updated', itemId: item.id });
        await waitFor(async () => (await db.store.inbox.get(eventId))?.status === 'processing');
        await new Promise((resolve) => setTimeout(resolve, 250));
        assert.deepEqual(
          await db.store.inbox.claim({ owner: 'other', now: Date.now(), leaseMs: 1000, limit: 10 }),
          [],
        );
        const done = await waitForFinished(db.store, eventId);
        assert.deepEqual([done.status, done.attempts], ['done', 1]);
      } finally {
        await worker.stop();
      }
    });

    test('case 24: done events older than the retention are purged; recent ones still dedupe redeliveries', async () => {
      const start = window();
      const old = await deliver(db.store, { event: 'item/updated', itemId: 'old' }, start);
      const recent = await deliver(db.store, { event: 'item/updated', itemId: 'recent' }, start);
      const dead = await deliver(db.store, { event: 'item/updated', itemId: 'dead' }, start);
      await db.store.inbox.claim({ owner: 'w', now: start, leaseMs: 1000, limit: 3 });
      await db.store.inbox.complete(old, 'w', 'synced', start);
      await db.store.inbox.complete(recent, 'w', 'synced', start + 5 * HOUR);
      await db.store.inbox.bury(dead, 'w', 'poison', start);

      assert.throws(
        () =>
          startWorker({
            store: db.store,
            pluggy: new FakePluggy(),
            logger: captureLogger().logger,
            retentionMs: 2 * HOUR,
          }),
        /at least 10800000 \(3 h\)/,
      );
      const clock = fakeClock(start + 7.5 * HOUR);
      const worker = startWorker({
        store: db.store,
        pluggy: new FakePluggy(),
        logger: captureLogger().logger,
        pollIntervalMs: 10,
        now: clock.now,
        retentionMs: 3 * HOUR,
      });
      try {
        await waitFor(
          async () => (await db.store.inbox.get(old)) === undefined,
          5000,
          'the old done row to be purged',
        );
        assert.equal(
          (await db.store.inbox.get(recent))?.status,
          'done',
          'finished 2.5 h ago: kept as a dedupe key',
        );
        assert.equal((await db.store.inbox.get(dead))?.status, 'dead', 'dead events are never purged');

        const app = express();
        app.post(
          '/webhooks',
          createWebhookReceiver({ store: db.store, secrets: ['s3cret'], logger: captureLogger().logger }),
        );
        const redelivery = await request(app)
          .post('/webhooks')
          .set(WEBHOOK_SECRET_HEADER, 's3cret')
          .send({ event: 'item/updated', eventId: recent, itemId: 'recent' });
        assert.deepEqual([redelivery.status, redelivery.body.duplicate], [200, true]);
      } finally {
        await worker.stop();
      }
    });

    test('stop() lets an in-flight event finish and claims nothing more', async () => {
      const pluggy = new FakePluggy();
      const first = makeItem({ clientUserId: 'eve' });
      pluggy.items.set(first.id, first);
      pluggy.delay('fetchItem', 200);
      const worker = startWorker({
        store: db.store,
        pluggy,
        logger: captureLogger().logger,
        pollIntervalMs: 10,
        concurrency: 1,
      });
      const inFlight = await deliver(db.store, { event: 'item/updated', itemId: first.id });
      await waitFor(async () => (await db.store.inbox.get(inFlight))?.status === 'processing');
      const stopping = worker.stop();
      const queued = await deliver(db.store, { event: 'item/updated', itemId: randomUUID() });
      await stopping;
      assert.equal((await db.store.inbox.get(inFlight))?.status, 'done');
      assert.equal((await db.store.inbox.get(queued))?.status, 'pending', 'left for the next worker');
    });
  });
}
