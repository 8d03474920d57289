import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openStore, type NewInboxEvent } from '../src/store/index.js';
import { backends, type TestStore } from './helpers/stores.js';

let counter = 0;
function newEvent(receivedAt: number, overrides: Partial<NewInboxEvent> = {}): NewInboxEvent {
  const eventId = `evt-${process.pid}-${++counter}`;
  return {
    eventId,
    event: 'item/updated',
    itemId: 'item-1',
    payload: { event: 'item/updated', eventId, itemId: 'item-1' },
    receivedAt,
    ...overrides,
  };
}

for (const backend of backends) {
  describe(`webhook inbox store (${backend.name})`, () => {
    let db: TestStore;
    // Each test uses its own time window far from the others, so due events never leak between tests.
    let base = 1_000_000;
    const window = () => (base += 10_000_000);

    before(async () => {
      db = await backend.open();
    });
    after(async () => {
      await db.cleanup();
    });

    async function drain(now: number) {
      // Finish every due event so the next test starts with an empty queue.
      for (;;) {
        const claimed = await db.store.inbox.claim({ owner: 'drain', now, leaseMs: 1, limit: 100 });
        if (!claimed.length) return;
        for (const event of claimed) await db.store.inbox.complete(event.eventId, 'drain', 'drained', now);
      }
    }

    test('a duplicate eventId is reported and leaves one row', async () => {
      const now = window();
      const event = newEvent(now);
      assert.equal(await db.store.inbox.insert(event), 'inserted');
      assert.equal(await db.store.inbox.insert({ ...event, payload: { changed: true } }), 'duplicate');
      const row = await db.store.inbox.get(event.eventId);
      assert.deepEqual(row?.payload, event.payload);
      assert.equal(row?.status, 'pending');
      await drain(now);
    });

    test('insertEach answers inserted or duplicate per event, in order, in one transaction', async () => {
      const now = window();
      const known = newEvent(now);
      await db.store.inbox.insert(known);
      const fresh = newEvent(now);
      const other = newEvent(now);
      assert.deepEqual(await db.store.inbox.insertEach([fresh, known, { ...fresh, payload: {} }, other]), [
        'inserted',
        'duplicate',
        'duplicate',
        'inserted',
      ]);
      assert.deepEqual((await db.store.inbox.get(fresh.eventId))?.payload, fresh.payload);
      assert.deepEqual(await db.store.inbox.insertEach([]), []);
      await drain(now);
    });

    test('insertMany stores a batch in one transaction and skips known eventIds', async () => {
      const now = window();
      const known = newEvent(now);
      await db.store.inbox.insert(known);
      const batch = [known, ...Array.from({ length: 1200 }, () => newEvent(now))];
      assert.equal(await db.store.inbox.insertMany(batch), 1200);
      assert.equal(await db.store.inbox.insertMany(batch), 0);
      assert.equal((await db.store.inbox.get(batch[600]!.eventId))?.status, 'pending');
      await drain(now);
    });

    test('concurrent duplicates from two connections: exactly one insert wins', async () => {
      const now = window();
      const event = newEvent(now);
      // A second store is a second connection (PostgreSQL pool / SQLite handle) to the same database.
      const other = backend.name === 'postgres' ? await openStore(db.options) : db.store;
      try {
        const results = await Promise.all(
          Array.from({ length: 12 }, (_, index) => (index % 2 ? other : db.store).inbox.insert(event)),
        );
        assert.equal(results.filter((result) => result === 'inserted').length, 1);
        assert.equal(results.filter((result) => result === 'duplicate').length, 11);
      } finally {
        if (other !== db.store) await other.close();
      }
      await drain(now);
    });

    test('claim leases due events once; a held lease is not claimed again, an expired one is', async () => {
      const now = window();
      const due = newEvent(now);
      const later = newEvent(now + 60_000);
      await db.store.inbox.insert(due);
      await db.store.inbox.insert(later);

      const first = await db.store.inbox.claim({ owner: 'w1', now, leaseMs: 1000, limit: 10 });
      assert.deepEqual(
        first.map((event) => [
          event.eventId,
          event.status,
          event.attempts,
          event.leaseOwner,
          event.leaseUntil,
        ]),
        [[due.eventId, 'processing', 1, 'w1', now + 1000]],
      );
      assert.deepEqual(
        await db.store.inbox.claim({ owner: 'w2', now: now + 999, leaseMs: 1000, limit: 10 }),
        [],
      );

      const reclaimed = await db.store.inbox.claim({
        owner: 'w2',
        now: now + 1000,
        leaseMs: 1000,
        limit: 10,
      });
      assert.deepEqual(
        reclaimed.map((event) => [event.eventId, event.attempts, event.leaseOwner]),
        [[due.eventId, 2, 'w2']],
      );

      assert.equal(
        await db.store.inbox.complete(due.eventId, 'w1', 'late', now + 1500),
        false,
        'the old holder lost the lease',
      );
      assert.equal(await db.store.inbox.complete(due.eventId, 'w2', 'synced', now + 1500), true);
      const done = await db.store.inbox.get(due.eventId);
      assert.deepEqual(
        [done?.status, done?.outcome, done?.finishedAt, done?.leaseOwner],
        ['done', 'synced', now + 1500, null],
      );
      await drain(now + 60_000);
    });

    test('extendLease keeps an event away from other claimers while its owner works', async () => {
      const now = window();
      const event = newEvent(now);
      await db.store.inbox.insert(event);
      await db.store.inbox.claim({ owner: 'w1', now, leaseMs: 1000, limit: 1 });
      assert.equal(await db.store.inbox.extendLease(event.eventId, 'w1', now + 5000), true);
      assert.equal(await db.store.inbox.extendLease(event.eventId, 'intruder', now + 9000), false);
      assert.deepEqual(
        await db.store.inbox.claim({ owner: 'w2', now: now + 4000, leaseMs: 1000, limit: 1 }),
        [],
      );
      await drain(now + 5000);
    });

    test('retry schedules the next attempt; bury makes it dead; requeue brings it back with fresh attempts', async () => {
      const now = window();
      const event = newEvent(now);
      await db.store.inbox.insert(event);
      await db.store.inbox.claim({ owner: 'w1', now, leaseMs: 1000, limit: 1 });
      assert.equal(await db.store.inbox.retry(event.eventId, 'w1', 'boom', now + 2000), true);
      assert.deepEqual(
        await db.store.inbox.claim({ owner: 'w1', now: now + 1999, leaseMs: 1000, limit: 1 }),
        [],
      );
      const second = await db.store.inbox.claim({ owner: 'w1', now: now + 2000, leaseMs: 1000, limit: 1 });
      assert.equal(second[0]?.attempts, 2);
      assert.equal(second[0]?.lastError, 'boom');

      assert.equal(await db.store.inbox.bury(event.eventId, 'w1', 'still boom', now + 2500), true);
      const dead = await db.store.inbox.list('dead');
      assert.ok(dead.some((row) => row.eventId === event.eventId && row.lastError === 'still boom'));
      assert.deepEqual(
        await db.store.inbox.claim({ owner: 'w1', now: now + 9_000_000, leaseMs: 1000, limit: 10 }),
        [],
      );

      assert.equal(await db.store.inbox.requeue('no-such-event', now), false);
      assert.equal(await db.store.inbox.requeue(event.eventId, now + 3000), true);
      const again = await db.store.inbox.claim({ owner: 'w1', now: now + 3000, leaseMs: 1000, limit: 1 });
      assert.deepEqual(
        again.map((row) => [row.eventId, row.attempts]),
        [[event.eventId, 1]],
      );
      await db.store.inbox.complete(event.eventId, 'w1', 'synced', now + 3000);
      assert.equal(
        await db.store.inbox.requeue(event.eventId, now + 3000),
        false,
        'only dead events are requeued',
      );
    });

    test('claims oldest due first and respects the limit', async () => {
      const now = window();
      const events = [newEvent(now + 3), newEvent(now + 1), newEvent(now + 2)];
      for (const event of events) await db.store.inbox.insert(event);
      const claimed = await db.store.inbox.claim({ owner: 'w1', now: now + 10, leaseMs: 1000, limit: 2 });
      assert.deepEqual(
        claimed.map((event) => event.eventId),
        [events[1]!.eventId, events[2]!.eventId],
      );
      await drain(now + 2000);
    });

    test("an item's next event waits while another of its events is held under a live lease", async () => {
      const now = window();
      const first = newEvent(now, { itemId: 'busy-item' });
      const second = newEvent(now + 1, { itemId: 'busy-item' });
      const other = newEvent(now + 2, { itemId: 'other-item' });
      const itemless = newEvent(now + 3, { itemId: null });
      for (const event of [first, second, other, itemless]) await db.store.inbox.insert(event);

      const [held] = await db.store.inbox.claim({ owner: 'w1', now: now + 10, leaseMs: 1000, limit: 1 });
      assert.equal(held?.eventId, first.eventId);
      const meanwhile = await db.store.inbox.claim({ owner: 'w2', now: now + 20, leaseMs: 1000, limit: 10 });
      assert.deepEqual(
        meanwhile.map((event) => event.eventId),
        [other.eventId, itemless.eventId],
      );
      assert.deepEqual(
        await db.store.inbox.claim({ owner: 'w2', now: now + 30, leaseMs: 1000, limit: 10 }),
        [],
      );

      await db.store.inbox.complete(first.eventId, 'w1', 'synced', now + 40);
      const next = await db.store.inbox.claim({ owner: 'w2', now: now + 50, leaseMs: 1000, limit: 10 });
      assert.deepEqual(
        next.map((event) => event.eventId),
        [second.eventId],
      );
      await drain(now + 5000);
    });

    test("claimCovered leases only the item's pending events of the given types, retries included", async () => {
      const now = window();
      const itemId = 'covered-item';
      const [waiting, held, laterUpdate] = [
        newEvent(now, { itemId, event: 'item/error' }),
        newEvent(now + 1, { itemId }),
        newEvent(now + 2, { itemId }),
      ];
      const transactions = newEvent(now + 3, { itemId, event: 'transactions/created' });
      const otherItem = newEvent(now + 4, { itemId: 'another-item' });
      for (const event of [waiting, held, laterUpdate, transactions, otherItem])
        await db.store.inbox.insert(event);
      // `waiting` failed once and waits for a retry far ahead; the worker then holds `held`.
      const [first] = await db.store.inbox.claim({ owner: 'w1', now: now + 10, leaseMs: 1000, limit: 1 });
      assert.equal(first?.eventId, waiting.eventId);
      await db.store.inbox.retry(waiting.eventId, 'w1', 'Pluggy 502', now + 9_000_000);
      const [primary] = await db.store.inbox.claim({ owner: 'w1', now: now + 15, leaseMs: 1000, limit: 1 });
      assert.equal(primary?.eventId, held.eventId);

      const cover = (owner: string, at: number) =>
        db.store.inbox.claimCovered({
          owner,
          itemId,
          events: ['item/updated', 'item/error'],
          now: at,
          leaseMs: 1000,
          limit: 10,
        });
      const covered = await cover('w1', now + 16);
      assert.deepEqual(
        covered.map((event) => [event.eventId, event.status, event.leaseOwner, event.leaseUntil]),
        [
          [waiting.eventId, 'processing', 'w1', now + 1016],
          [laterUpdate.eventId, 'processing', 'w1', now + 1016],
        ],
      );
      assert.deepEqual(
        covered.map((event) => event.attempts),
        [2, 1],
      );
      for (const untouched of [transactions, otherItem])
        assert.equal((await db.store.inbox.get(untouched.eventId))?.status, 'pending');
      const again = await cover('w2', now + 17);
      assert.deepEqual(again, [], 'leased events are not taken twice');
      for (const event of [held, ...covered]) await db.store.inbox.complete(event.eventId, 'w1', 'ok', now);
      await drain(now + 9_000_001);
    });

    test('purgeDone removes only done rows finished before the cutoff', async () => {
      const now = window();
      const [old, recent, dead, pending] = [
        newEvent(now),
        newEvent(now),
        newEvent(now),
        newEvent(now + 5_000_000),
      ];
      for (const event of [old, recent, dead, pending]) await db.store.inbox.insert(event!);
      await db.store.inbox.claim({ owner: 'w', now, leaseMs: 1000, limit: 3 });
      await db.store.inbox.complete(old!.eventId, 'w', 'synced', now + 100);
      await db.store.inbox.complete(recent!.eventId, 'w', 'synced', now + 200);
      await db.store.inbox.bury(dead!.eventId, 'w', 'poison', now + 100);

      const finishedEarlier = (await db.store.inbox.list('done', 10_000)).filter(
        (row) => row.finishedAt! < now + 150,
      );
      assert.ok(finishedEarlier.some((row) => row.eventId === old!.eventId));
      assert.equal(await db.store.inbox.purgeDone(now + 150), finishedEarlier.length);
      assert.equal(await db.store.inbox.get(old!.eventId), undefined);
      assert.equal((await db.store.inbox.get(recent!.eventId))?.status, 'done');
      assert.equal((await db.store.inbox.get(dead!.eventId))?.status, 'dead');
      assert.equal((await db.store.inbox.get(pending!.eventId))?.status, 'pending');
      await drain(now + 5_000_000);
    });

    test('countByStatus counts every status', async () => {
      const counts = await db.store.inbox.countByStatus();
      assert.equal(counts.pending, 0);
      assert.equal(counts.processing, 0);
      assert.ok(counts.done > 0);
      assert.equal(counts.dead, 1);
    });
  });
}
