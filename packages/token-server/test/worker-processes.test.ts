import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { openStore } from '../src/store/index.js';
import type { PluggySeed } from './fixtures/webhook-process.js';
import { readCallLog, startChildServer } from './helpers/child-server.js';
import { deliver, waitFor } from './helpers/inbox-waits.js';
import { makeItem } from './helpers/pluggy-fixtures.js';
import { backends, mintedFor } from './helpers/stores.js';

const EVENTS = 200;

for (const backend of backends) {
  describe(`two worker processes on one ${backend.name} database`, () => {
    test('case 23: both start on a fresh database together, share the queue, and no event is claimed twice', async () => {
      const created = await backend.create();
      const dir = mkdtempSync(join(tmpdir(), 'kit-two-workers-'));
      const items = Array.from({ length: EVENTS }, () => makeItem({ clientUserId: 'alice' }));
      const seed: PluggySeed = { items, accounts: {}, transactions: {}, delays: { fetchItem: 5 } };
      writeFileSync(join(dir, 'seed.json'), JSON.stringify(seed));
      const callLog = join(dir, 'calls.log');
      const env = (id: string) => ({
        STORE_OPTIONS: JSON.stringify(created.options),
        PLUGGY_SEED: join(dir, 'seed.json'),
        CALL_LOG: callLog,
        WORKER_ID: id,
      });
      // Started together on a database nobody has migrated yet.
      const workers = await Promise.all([
        startChildServer(env('worker-a')),
        startChildServer(env('worker-b')),
      ]);
      const store = await openStore(created.options);
      try {
        await mintedFor(store, 'alice');
        const eventIds: string[] = [];
        for (const item of items)
          eventIds.push(await deliver(store, { event: 'item/updated', itemId: item.id }));
        await waitFor(
          async () => (await store.inbox.countByStatus()).done === EVENTS,
          60_000,
          'every event to be processed',
        );

        const rows = await Promise.all(eventIds.map((eventId) => store.inbox.get(eventId)));
        assert.ok(
          rows.every((row) => row?.status === 'done' && row.attempts === 1),
          'each event claimed exactly once',
        );
        const fetches = readCallLog(callLog).filter(
          (call) => call.method === 'fetchItem' && call.phase === 'start',
        );
        assert.equal(fetches.length, EVENTS);
        assert.equal(new Set(fetches.map((call) => call.arg)).size, EVENTS, 'no item fetched twice');
        const byWorker = new Map<string, number>();
        for (const call of fetches) byWorker.set(call.worker, (byWorker.get(call.worker) ?? 0) + 1);
        assert.ok(
          (byWorker.get('worker-a') ?? 0) > 0 && (byWorker.get('worker-b') ?? 0) > 0,
          `both worked: ${JSON.stringify([...byWorker])}`,
        );
        assert.equal((await store.items.listOwned('alice')).length, EVENTS);
      } finally {
        for (const worker of workers) await worker.kill('SIGTERM');
        await store.close();
        await created.cleanup();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
