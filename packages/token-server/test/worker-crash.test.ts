import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { PluggySeed } from './fixtures/webhook-process.js';
import { readCallLog, startChildServer, type ChildServer } from './helpers/child-server.js';
import { waitFor, waitForFinished } from './helpers/inbox-waits.js';
import { makeAccount, makeItem, makeTransaction } from './helpers/pluggy-fixtures.js';
import { backends, mintedFor, type TestStore } from './helpers/stores.js';

for (const backend of backends) {
  describe(`crashes of a server process (${backend.name})`, () => {
    let db: TestStore;
    let dir: string;
    const children: ChildServer[] = [];

    before(async () => {
      db = await backend.open();
      dir = mkdtempSync(join(tmpdir(), 'kit-crash-'));
    });
    after(async () => {
      for (const child of children) await child.kill();
      await db.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    async function seedFile(name: string, userId: string) {
      await mintedFor(db.store, userId);
      const item = makeItem({ clientUserId: userId });
      const account = makeAccount(item.id);
      const transactions = [
        makeTransaction(account.id),
        makeTransaction(account.id),
        makeTransaction(account.id),
      ];
      const seed: PluggySeed = {
        items: [item],
        accounts: { [item.id]: [account] },
        transactions: { [account.id]: transactions },
      };
      const path = join(dir, `${name}.json`);
      writeFileSync(path, JSON.stringify(seed));
      return { path, item };
    }

    async function start(env: Record<string, string>) {
      const child = await startChildServer({ STORE_OPTIONS: JSON.stringify(db.options), ...env });
      children.push(child);
      return child;
    }

    async function post(child: ChildServer, body: Record<string, unknown>) {
      return fetch(`${child.url}/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-pluggy-kit-secret': 'process-secret' },
        body: JSON.stringify(body),
      });
    }

    test('case 19: SIGKILL after the commit and before processing -> processed exactly once after restart', async () => {
      const { path, item } = await seedFile('case19', 'alice');
      const callLog = join(dir, 'case19.log');
      const receiverOnly = await start({ PLUGGY_SEED: path, CALL_LOG: callLog, WORKER: 'off' });
      const body = { event: 'item/updated', eventId: randomUUID(), itemId: item.id };
      assert.equal((await post(receiverOnly, body)).status, 200);
      await receiverOnly.kill('SIGKILL');
      assert.equal(
        (await db.store.inbox.get(body.eventId))?.status,
        'pending',
        'the acknowledged event survived the kill',
      );

      const restarted = await start({ PLUGGY_SEED: path, CALL_LOG: callLog });
      const done = await waitForFinished(db.store, body.eventId, 15_000);
      assert.deepEqual([done.status, done.attempts], ['done', 1]);
      // Pluggy's retry of the same delivery after the restart is a duplicate with no second effect.
      const redelivered = await post(restarted, body);
      assert.deepEqual(
        [redelivered.status, ((await redelivered.json()) as { duplicate: boolean }).duplicate],
        [200, true],
      );
      await new Promise((resolve) => setTimeout(resolve, 200));

      const calls = readCallLog(callLog);
      assert.equal(calls.filter((call) => call.method === 'fetchItem' && call.phase === 'start').length, 1);
      assert.equal(calls.filter((call) => call.method === 'onItemUpdated').length, 1);
      assert.equal((await db.store.transactions.listForItem(item.id, { page: 1, pageSize: 10 })).total, 3);
      await restarted.kill('SIGTERM');
    });

    test('case 20: SIGKILL during processing -> the lease expires, another process reclaims it, no duplicate rows', async () => {
      const { path, item } = await seedFile('case20', 'bob');
      const callLog = join(dir, 'case20.log');
      const slow = await start({
        PLUGGY_SEED: path,
        CALL_LOG: callLog,
        LEASE_MS: '1000',
        WORKER_ID: 'doomed',
        DELAYS: JSON.stringify({ fetchAccounts: 30_000 }),
      });
      const body = { event: 'item/created', eventId: randomUUID(), itemId: item.id };
      assert.equal((await post(slow, body)).status, 200);
      await waitFor(
        async () =>
          readCallLog(callLog).some((call) => call.method === 'fetchAccounts' && call.worker === 'doomed'),
        15_000,
        'the first process to be mid-way through the sync',
      );
      await slow.kill('SIGKILL');
      const orphaned = await db.store.inbox.get(body.eventId);
      assert.deepEqual([orphaned?.status, orphaned?.leaseOwner], ['processing', 'doomed']);
      assert.equal(
        await db.store.items.ownerOf(item.id),
        'bob',
        'the first process had already recorded the item',
      );

      const rescuer = await start({
        PLUGGY_SEED: path,
        CALL_LOG: callLog,
        LEASE_MS: '1000',
        WORKER_ID: 'rescuer',
      });
      const done = await waitForFinished(db.store, body.eventId, 15_000);
      assert.deepEqual(
        [done.status, done.attempts, done.outcome],
        ['done', 2, 'synced accounts+transactions: 1 accounts, 3 transactions'],
      );
      assert.ok(
        readCallLog(callLog).some((call) => call.method === 'fetchItem' && call.worker === 'rescuer'),
      );
      assert.equal((await db.store.items.listOwned('bob')).length, 1);
      assert.equal((await db.store.accounts.listForItem(item.id)).length, 1);
      assert.equal((await db.store.transactions.listForItem(item.id, { page: 1, pageSize: 10 })).total, 3);
      await rescuer.kill('SIGTERM');
    });
  });
}
