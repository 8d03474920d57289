/**
 * Pluggy's v1 `GET /transactions` answers 410 ENDPOINT_DEPRECATED for some API keys (pluggy.md §4), while
 * `createdTransactionsLink` still points at it. The client falls back to the same query on v2 (cursor paging
 * through the relative `next`) and remembers, per process, that v1 is gone; auto-syncs keep converging.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startEmulator, type Emulator } from '@pluggy-kit/emulator';
import { createPluggyClient } from '../src/pluggy/pluggy-client.js';
import { v2EquivalentOf } from '../src/pluggy/v1-transactions.js';
import { connectItem } from './helpers/emulator-driver.js';
import { waitFor } from './helpers/inbox-waits.js';
import {
  pluggyTransactionIds,
  startKitOnEmulator,
  storedTransactionIds,
  type KitOnEmulator,
} from './helpers/kit-on-emulator.js';
import { captureLogger } from './helpers/logs.js';
import { backends, type TestStore } from './helpers/stores.js';

const isV1List = (call: string) => call.startsWith('GET /transactions?');
const isV2List = (call: string) => call.startsWith('GET /v2/transactions?');

describe('v1 transaction links become v2 queries', () => {
  test('the v1 filters map to their v2 names; page is dropped; createdAtFrom wins over a date start', () => {
    assert.equal(
      v2EquivalentOf(
        '/transactions?accountId=a1&createdAtFrom=2026-01-01T00%3A00%3A00.000Z&page=2&pageSize=50',
      ),
      '/v2/transactions?accountId=a1&createdAtFrom=2026-01-01T00%3A00%3A00.000Z&pageSize=50',
    );
    assert.equal(
      v2EquivalentOf('/transactions?accountId=a1&from=2026-01-01&to=2026-02-01&ids=t1,t2'),
      '/v2/transactions?accountId=a1&dateFrom=2026-01-01&dateTo=2026-02-01&ids=t1%2Ct2',
    );
    // v2 refuses dateFrom with createdAtFrom: the answer becomes a superset, harmless for upserts by id.
    assert.equal(
      v2EquivalentOf('/transactions?accountId=a1&from=2026-01-01&createdAtFrom=2026-03-01T00%3A00%3A00.000Z'),
      '/v2/transactions?accountId=a1&createdAtFrom=2026-03-01T00%3A00%3A00.000Z',
    );
  });
});

describe('createPluggyClient following a v1 link once Pluggy deprecates v1', () => {
  let emulator: Emulator;
  let accountId: string;
  let wire: string[];

  before(async () => {
    emulator = await startEmulator({ stepDelayMs: 1 });
  });
  after(() => emulator.stop());
  beforeEach(async () => {
    emulator.controls.reset();
    wire = [];
    const { id } = await connectItem(emulator, { clientUserId: 'alice' });
    await waitFor(
      async () => emulator.controls.items().find((item) => item.id === id)?.status === 'UPDATED',
      10_000,
      'the item to finish its first sync',
    );
    const reader = createPluggyClient({
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      baseUrl: emulator.apiUrl,
    });
    accountId = (await reader.fetchAccounts(id)).find((account) => account.type === 'BANK')!.id;
  });

  const clientWithWire = (logger?: ReturnType<typeof captureLogger>['logger']) =>
    createPluggyClient({
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      baseUrl: emulator.apiUrl,
      ...(logger ? { logger } : {}),
      fetch: (input, init) => {
        const url = new URL(input instanceof Request ? input.url : String(input));
        wire.push(`${init?.method ?? 'GET'} ${url.pathname}${url.search}`);
        return fetch(input, init);
      },
    });

  test('answers what v1 would have, paging v2 by its relative next, and goes straight to v2 afterwards', async () => {
    const link = `${emulator.apiUrl}/transactions?accountId=${accountId}&createdAtFrom=2000-01-01T00:00:00.000Z&pageSize=50`;
    const expected = (await clientWithWire().fetchTransactionsByLink(link)).map((t) => t.id);
    assert.ok(expected.length > 100, 'several pages of 50');
    assert.ok(
      wire.every((call) => !isV2List(call)),
      'v1 serves the link while it is not deprecated',
    );

    emulator.setDeprecations({ v1Transactions: true });
    wire = [];
    const logs = captureLogger();
    const client = clientWithWire(logs.logger);
    assert.deepEqual(
      (await client.fetchTransactionsByLink(link)).map((t) => t.id),
      expected,
      'the same transactions, in the same order',
    );
    assert.equal(wire.filter(isV1List).length, 1, 'one v1 attempt, answered 410');
    const v2Pages = wire.filter(isV2List);
    assert.ok(v2Pages.length >= 3, `v2 paged through next (${v2Pages.length} pages)`);
    assert.ok(
      v2Pages.slice(1).every((call) => call.includes('after=')),
      'later pages follow the cursor',
    );
    assert.equal(logs.lines.filter((line) => /ENDPOINT_DEPRECATED/.test(String(line.msg))).length, 1);

    wire = [];
    assert.deepEqual(
      (await client.fetchTransactionsByLink(link)).map((t) => t.id),
      expected,
    );
    assert.equal(wire.filter(isV1List).length, 0, 'remembered: v1 is not asked again');
  });

  test('concurrent links that all meet the 410 each fall back, and the deprecation is logged once', async () => {
    emulator.setDeprecations({ v1Transactions: true });
    const logs = captureLogger();
    const client = clientWithWire(logs.logger);
    const link = `${emulator.apiUrl}/transactions?accountId=${accountId}&createdAtFrom=2000-01-01T00:00:00.000Z`;
    const results = await Promise.all(Array.from({ length: 3 }, () => client.fetchTransactionsByLink(link)));
    assert.ok(results.every((result) => result.length === results[0]!.length && result.length > 0));
    assert.equal(logs.lines.filter((line) => /ENDPOINT_DEPRECATED/.test(String(line.msg))).length, 1);
  });
});

for (const backend of backends) {
  describe(`auto-sync with v1 transactions deprecated converges (${backend.name})`, () => {
    let db: TestStore;
    let emulator: Emulator;
    let flow: KitOnEmulator;

    before(async () => {
      db = await backend.open();
      emulator = await startEmulator({ stepDelayMs: 1 });
      flow = await startKitOnEmulator(emulator, db.store);
    });
    after(async () => {
      await flow.stop();
      await emulator.stop();
      await db.cleanup();
    });

    test('transactions/created is followed on v2 at the first attempt; later syncs never touch v1', async () => {
      const itemId = await flow.connect('user-ok', 'alice');
      await flow.settle(itemId, 'item/updated');
      const accounts = await db.store.accounts.listForItem(itemId);
      emulator.setDeprecations({ v1Transactions: true });

      for (let round = 1; round <= 2; round += 1) {
        const sync = emulator.controls.syncItem(itemId);
        await flow.settle(itemId, 'transactions/deleted', round * accounts.length);
        const ids = await storedTransactionIds(db.store, itemId);
        assert.deepEqual(ids, await pluggyTransactionIds(flow.pluggy, itemId), `sync ${round} converged`);
        assert.ok(sync.created.every((id) => ids.includes(id)));
        assert.ok(sync.deleted.every((id) => !ids.includes(id)));
      }

      const created = (await db.store.inbox.list('done', 10_000)).filter(
        (row) => row.itemId === itemId && row.event === 'transactions/created',
      );
      assert.equal(created.length, 2 * accounts.length);
      assert.ok(
        created.every((row) => row.attempts === 1 && /^upserted 2 transactions/.test(row.outcome ?? '')),
        JSON.stringify(created.map((row) => [row.attempts, row.outcome])),
      );
      assert.equal((await db.store.inbox.countByStatus()).dead, 0);
      assert.equal(flow.wire.filter(isV1List).length, 1, 'only the first link tried v1');
    });
  });
}
