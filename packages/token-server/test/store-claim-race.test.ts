import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openStore } from '../src/store/index.js';
import { backends } from './helpers/stores.js';

// SQLite claims are serialised by BEGIN IMMEDIATE (and one store per process), so this race is PostgreSQL's.
describe('concurrent claims on PostgreSQL', () => {
  test('two claimers racing never both take an event of the same item', async () => {
    const postgres = backends.find((backend) => backend.name === 'postgres')!;
    const created = await postgres.create();
    const stores = await Promise.all([openStore(created.options), openStore(created.options)]);
    try {
      for (let round = 0; round < 60; round++) {
        const now = 1_000_000 + round * 10_000;
        const itemId = `race-item-${round}`;
        for (const suffix of ['a', 'b']) {
          await stores[0]!.inbox.insert({
            eventId: `race-${round}-${suffix}`,
            event: 'item/updated',
            itemId,
            payload: { itemId },
            receivedAt: now,
          });
        }
        const [first, second] = await Promise.all(
          stores.map((store, index) =>
            store.inbox.claim({ owner: `w${index}`, now, leaseMs: 5000, limit: 1 }),
          ),
        );
        const claimed = [...first!, ...second!];
        assert.ok(claimed.length >= 1, `round ${round}: nobody claimed`);
        assert.equal(
          new Set(claimed.filter((event) => event.itemId === itemId).map((event) => event.leaseOwner)).size,
          1,
          `round ${round}: both claimers took an event of ${itemId}`,
        );
        for (const event of claimed)
          await stores[0]!.inbox.complete(event.eventId, event.leaseOwner!, 'ok', now);
        for (const event of await stores[0]!.inbox.claim({
          owner: 'sweep',
          now: now + 1,
          leaseMs: 1,
          limit: 10,
        })) {
          await stores[0]!.inbox.complete(event.eventId, 'sweep', 'ok', now + 1);
        }
      }
    } finally {
      for (const store of stores) await store.close();
      await created.cleanup();
    }
  });
});
