/**
 * Time to drain EVENTS (default 10 000) `transactions/created` events from the inbox, on SQLite and on
 * PostgreSQL, with the emulator as Pluggy: each event follows its `createdTransactionsLink` (an HTTP call to
 * the emulator) and upserts what it finds, like production. Reports events/s per store.
 * Env: EVENTS (default 10000), CONCURRENCY (worker concurrency, default 8).
 */
import { startEmulator, type Emulator } from '@pluggy-kit/emulator';
import pino from 'pino';
import { createPluggyClient } from '../../packages/token-server/src/pluggy/pluggy-client.js';
import { openStore, type NewInboxEvent } from '../../packages/token-server/src/store/index.js';
import { startWorker } from '../../packages/token-server/src/webhooks/index.js';
import { connectItem } from '../../packages/token-server/test/helpers/emulator-driver.js';
import { benchDatabase, ensureThrowawayPostgres } from './webhook-support/bench-database.js';

ensureThrowawayPostgres(import.meta.url);

const EVENTS = Number(process.env.EVENTS ?? 10_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const ITEMS = 10;

async function waitUntil(
  probe: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function drainOn(name: 'sqlite' | 'postgres', emulator: Emulator) {
  emulator.controls.reset();
  const pluggy = createPluggyClient({
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    baseUrl: emulator.apiUrl,
  });
  const db = benchDatabase(name);
  const store = await openStore(db.options);
  try {
    // Events spread over ITEMS items (one user each): the worker runs one item's events one at a time.
    const itemIds: string[] = [];
    for (let index = 0; index < ITEMS; index++) {
      itemIds.push((await connectItem(emulator, { clientUserId: `bench-user-${index}` })).id);
    }
    await waitUntil(
      () =>
        itemIds.every((id) =>
          emulator.controls.items().some((item) => item.id === id && item.status === 'UPDATED'),
        ),
      20_000,
      'the emulator items to finish their first sync',
    );
    // An auto-sync adds 2 transactions per account: each event's link returns those of one account.
    const createdAtFrom = emulator.controls.clock().now;
    const links: { itemId: string; accountId: string; link: string }[] = [];
    const created: string[] = [];
    for (const itemId of itemIds) {
      const item = await pluggy.fetchItem(itemId);
      await store.items.recordOwnership(item.clientUserId!, item);
      created.push(...emulator.controls.syncItem(itemId).created);
      for (const account of await pluggy.fetchAccounts(itemId)) {
        const query = new URLSearchParams({ accountId: account.id, createdAtFrom });
        links.push({ itemId, accountId: account.id, link: `${emulator.apiUrl}/transactions?${query}` });
      }
    }

    const receivedAt = Date.now();
    const events: NewInboxEvent[] = Array.from({ length: EVENTS }, (_, index) => {
      const { itemId, accountId, link } = links[index % links.length]!;
      const eventId = `drain-${name}-${index}`;
      return {
        eventId,
        event: 'transactions/created',
        itemId,
        receivedAt,
        payload: { event: 'transactions/created', eventId, itemId, accountId, createdTransactionsLink: link },
      };
    });
    await store.inbox.insertMany(events);

    const started = Date.now();
    const worker = startWorker({
      store,
      pluggy,
      logger: pino({ level: 'silent' }),
      concurrency: CONCURRENCY,
      pollIntervalMs: 20,
    });
    await waitUntil(
      async () => (await store.inbox.countByStatus()).done === EVENTS,
      120_000,
      'the inbox to drain',
    );
    const seconds = (Date.now() - started) / 1000;
    await worker.stop();

    const counts = await store.inbox.countByStatus();
    const storedIds = new Set<string>();
    for (const itemId of itemIds) {
      const stored = await store.transactions.listForItem(itemId, { page: 1, pageSize: 100_000 });
      for (const transaction of stored.results) storedIds.add(transaction.id);
    }
    return {
      store: name,
      events: EVENTS,
      items: ITEMS,
      concurrency: CONCURRENCY,
      seconds: Number(seconds.toFixed(2)),
      'events/s': Math.round(EVENTS / seconds),
      'new transactions stored': created.filter((id) => storedIds.has(id)).length,
      'of created': created.length,
      dead: counts.dead,
      ok: counts.dead === 0 && counts.pending === 0 && created.every((id) => storedIds.has(id)),
    };
  } finally {
    await store.close();
    db.cleanup();
  }
}

const emulator = await startEmulator({ stepDelayMs: 1 });
try {
  const rows = [];
  for (const name of ['sqlite', 'postgres'] as const) {
    console.log(`webhook-drain: ${EVENTS} transactions/created events on ${name}...`);
    rows.push(await drainOn(name, emulator));
  }
  console.table(rows);
  const [sqlite, postgres] = rows;
  console.log(
    `Ratio: PostgreSQL drains at ${(postgres!['events/s'] / sqlite!['events/s']).toFixed(2)}x the SQLite rate ` +
      '(one worker process each; the emulator runs in the same process). No target is set for this figure (issue 4).',
  );
  if (rows.some((row) => !row.ok)) process.exitCode = 1;
} finally {
  await emulator.stop();
}
