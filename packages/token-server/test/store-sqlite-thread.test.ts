// The SQLite store's own thread (store/sqlite-thread.ts) and the durability of redoable writes
// (store/redo-durability.ts).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { isStoreUnavailable, openStore, StoreError } from '../src/store/index.js';
import { redoably } from '../src/store/redo-durability.js';
import type { Database } from '../src/store/schema.js';
import { openSqlite } from '../src/store/sqlite.js';
import { SqliteThread } from '../src/store/sqlite-thread-client.js';
import { urgently } from '../src/store/write-priority.js';

describe('SQLite on its own thread', () => {
  let dir: string;
  let db: Kysely<Database>;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kit-sqlite-thread-'));
    db = openSqlite(join(dir, 'store.sqlite'));
  });
  after(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const synchronous = async () =>
    (await sql<{ synchronous: number }>`pragma synchronous`.execute(db)).rows[0]?.synchronous;

  test('redoable work commits without an fsync (NORMAL = 1); everything else, and any acknowledgement, with one (FULL = 2)', async () => {
    assert.equal(await synchronous(), 2);
    assert.equal(await redoably(synchronous), 1);
    assert.equal(await synchronous(), 2, 'a request after the worker is durable again');
    assert.equal(await redoably(() => urgently(synchronous)), 2);
    // Inside a redoable run, everything it awaits stays redoable.
    assert.equal(
      await redoably(async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return synchronous();
      }),
      1,
    );
  });

  test('statement errors come back with their SQLite code, and the connection keeps working', async () => {
    await sql`create table pairs (id integer primary key)`.execute(db);
    await sql`insert into pairs (id) values (1)`.execute(db);
    const failure = await sql`insert into pairs (id) values (1)`.execute(db).then(
      () => assert.fail('a duplicate primary key must be refused'),
      (error: unknown) => error as Error & { code?: string },
    );
    assert.match(failure.code ?? '', /^SQLITE_CONSTRAINT/);
    assert.equal(isStoreUnavailable(failure), false, 'a refused statement is a bug, not an outage');
    const { rows } = await sql<{ count: number }>`select count(*) as count from pairs`.execute(db);
    assert.equal(rows[0]?.count, 1);
  });

  test('a result row count, and rows returned by a write, cross the thread intact', async () => {
    await sql`create table notes (id integer primary key, body text)`.execute(db);
    const inserted = await sql`insert into notes (body) values ('a'), ('b')`.execute(db);
    assert.equal(inserted.numAffectedRows, 2n);
    const returned = await sql<{ id: number; body: string }>`
      update notes set body = body || '!' returning id, body`.execute(db);
    assert.deepEqual(returned.rows.map((row) => row.body).sort(), ['a!', 'b!']);
  });
});

test('a SQLite file that cannot be opened fails openStore with STORE_UNAVAILABLE', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kit-sqlite-bad-'));
  try {
    // A directory where the database file should be.
    await assert.rejects(
      openStore({ sqliteFile: dir }),
      (error: unknown) => error instanceof StoreError && error.code === 'STORE_UNAVAILABLE',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a query after the SQLite thread has ended fails as "store unavailable" (a 503), not as a bug', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kit-sqlite-ended-'));
  try {
    const thread = await SqliteThread.start({ file: join(dir, 'x.sqlite'), busyTimeoutMs: 100 });
    assert.deepEqual((await thread.run('select 1 as one', [])).rows, [{ one: 1 }]);
    await thread.close();
    await assert.rejects(thread.run('select 1', []), (error: unknown) => {
      assert.match(String(error), /the SQLite thread exited/);
      return isStoreUnavailable(error);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
