import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { openStore, StoreError } from '../src/store/index.js';
import { openPostgres } from '../src/store/postgres.js';
import { makeItem } from './helpers/pluggy-fixtures.js';
import { backends } from './helpers/stores.js';

for (const backend of backends) {
  describe(`openStore (${backend.name})`, () => {
    test('creates and migrates a fresh database; data survives closing and reopening', async () => {
      const created = await backend.create();
      try {
        const first = await openStore(created.options);
        assert.equal(first.kind, backend.name);
        await first.ping();
        const item = makeItem({ clientUserId: 'alice' });
        await first.items.recordOwnership('alice', item);
        await first.close();

        const second = await openStore(created.options);
        assert.equal(await second.items.ownerOf(item.id), 'alice');
        await second.close();
      } finally {
        await created.cleanup();
      }
    });

    test('a closed store fails its ping with an error (never a silent success)', async () => {
      const { store, cleanup } = await backend.open();
      await store.close();
      await assert.rejects(store.ping());
      await cleanup();
    });
  });
}

// SQLite's concurrent first starts happen in separate processes (one store per process per file); the
// worker-process tests open one fresh file from two processes at once.
describe('openStore (postgres, concurrent first start)', () => {
  const backend = backends.find((candidate) => candidate.name === 'postgres')!;
  test('several stores opening one fresh database together migrate it once', async () => {
    const created = await backend.create();
    try {
      const stores = await Promise.all([
        openStore(created.options),
        openStore(created.options),
        openStore(created.options),
      ]);
      for (const store of stores) await store.ping();
      const item = makeItem({ clientUserId: 'bob' });
      await stores[0]!.items.recordOwnership('bob', item);
      assert.equal(await stores[2]!.items.ownerOf(item.id), 'bob');
      for (const store of stores) await store.close();
    } finally {
      await created.cleanup();
    }
  });
});

describe('openStore (postgres, a connection lost inside a transaction)', () => {
  const backend = backends.find((candidate) => candidate.name === 'postgres')!;
  test('the transaction fails, the process does not crash, and the next query gets a new connection', async () => {
    const created = await backend.create();
    const db = openPostgres(created.options.databaseUrl!);
    const admin = new pg.Client({ connectionString: created.options.databaseUrl });
    await admin.connect();
    try {
      // The server ends the connection while a transaction holds it (a failover, a restart): pg then emits
      // 'error' on a client the pool has lent out, and with no listener that is an uncaught exception, which
      // node:test reports as this test failing.
      const transaction = db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await sql`select 1`.execute(trx);
      });
      await assert.rejects(transaction, /terminat|not queryable/i);
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
      assert.deepEqual(rows, [{ one: 1 }]);
    } finally {
      await admin.end();
      await db.destroy();
      await created.cleanup();
    }
  });
});

describe('openStore configuration', () => {
  test('a DATABASE_URL that is not PostgreSQL is refused with a code naming the fix', async () => {
    await assert.rejects(
      openStore({ databaseUrl: 'mysql://localhost/db' }),
      (error) =>
        error instanceof StoreError &&
        error.code === 'STORE_CONFIG_INVALID' &&
        /postgres/.test(error.message),
    );
  });

  test('an unreachable PostgreSQL server fails fast with STORE_UNAVAILABLE', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kit-nopg-'));
    try {
      await assert.rejects(
        openStore({ databaseUrl: `postgresql://postgres@localhost/postgres?host=${dir}` }),
        (error) => error instanceof StoreError && error.code === 'STORE_UNAVAILABLE',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the SQLite file and its directory are created when missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kit-newdir-'));
    try {
      const store = await openStore({ sqliteFile: join(dir, 'nested', 'deeper', 'kit.sqlite') });
      assert.equal(store.kind, 'sqlite');
      await store.ping();
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
