// Waiting for another connection's SQLite write lock (store/sqlite-busy.ts): retried in short steps outside
// transactions, up to the busy timeout, never inside one.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'libsql';
import { retryWhileBusy } from '../src/store/sqlite-busy.js';
import { SqliteThread } from '../src/store/sqlite-thread-client.js';
import { isStoreUnavailable } from '../src/store/index.js';

const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

/** An attempt that fails with `error()` the first `failures` times, then answers 'done'. */
function failingTimes(failures: number, error: () => Error) {
  let calls = 0;
  return {
    attempt: () => {
      calls += 1;
      if (calls <= failures) throw error();
      return 'done';
    },
    calls: () => calls,
  };
}

describe('retryWhileBusy', () => {
  test('tries again after SQLITE_BUSY until the statement runs', () => {
    const run = failingTimes(5, busy);
    assert.equal(
      retryWhileBusy(run.attempt, () => true, 1000),
      'done',
    );
    assert.equal(run.calls(), 6);
  });

  test('does not retry inside a transaction: the error comes back at once', () => {
    const run = failingTimes(1, busy);
    assert.throws(() => retryWhileBusy(run.attempt, () => false, 1000), { code: 'SQLITE_BUSY' });
    assert.equal(run.calls(), 1);
  });

  test('other errors are not retried', () => {
    const run = failingTimes(1, () => Object.assign(new Error('UNIQUE'), { code: 'SQLITE_CONSTRAINT' }));
    assert.throws(() => retryWhileBusy(run.attempt, () => true, 1000), { code: 'SQLITE_CONSTRAINT' });
    assert.equal(run.calls(), 1);
  });

  test('gives up with SQLITE_BUSY once the timeout has passed', () => {
    const run = failingTimes(Number.POSITIVE_INFINITY, busy);
    assert.throws(() => retryWhileBusy(run.attempt, () => true, 20), { code: 'SQLITE_BUSY' });
    assert.ok(run.calls() > 1, 'it tried more than once within the timeout');
  });
});

describe('two SQLite connections on one file', () => {
  let dir: string;
  let holder: SqliteThread;
  let waiter: SqliteThread;
  let impatient: SqliteThread;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kit-sqlite-busy-'));
    const file = join(dir, 'shared.sqlite');
    holder = await SqliteThread.start({ file, busyTimeoutMs: 5000 });
    waiter = await SqliteThread.start({ file, busyTimeoutMs: 5000 });
    impatient = await SqliteThread.start({ file, busyTimeoutMs: 30 });
    await holder.run('create table rows (id integer primary key)', []);
  });
  after(async () => {
    await Promise.all([holder.close(), waiter.close(), impatient.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  test("a write waits out the other connection's transaction and lands after it", async () => {
    await holder.run('begin immediate', []);
    await holder.run('insert into rows (id) values (1)', []);
    const order: string[] = [];
    const waiting = waiter.run('insert into rows (id) values (2)', []).then(() => order.push('waiter'));
    const beginning = waiter.run('begin immediate', []).then(() => order.push('waiter transaction'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(order.length, 0, 'nothing of the waiter ran while the lock was held');
    await holder.run('commit', []);
    order.push('holder committed');
    await Promise.all([waiting, beginning]);
    await waiter.run('commit', []);
    assert.equal(order[0], 'holder committed');
    const { rows } = await holder.run('select id from rows order by id', []);
    assert.deepEqual(rows, [{ id: 1 }, { id: 2 }]);
  });

  test('past its busy timeout a write fails as "store unavailable" (a 503), and nothing is written', async () => {
    await holder.run('begin immediate', []);
    try {
      await assert.rejects(impatient.run('insert into rows (id) values (3)', []), (error: unknown) => {
        assert.equal((error as { code?: string }).code, 'SQLITE_BUSY');
        return isStoreUnavailable(error);
      });
    } finally {
      await holder.run('commit', []);
    }
    const { rows } = await impatient.run('select count(*) as count from rows where id = 3', []);
    assert.deepEqual(rows, [{ count: 0 }]);
  });

  test('opening waits while another connection has the file to itself, then switches it to WAL', async () => {
    const file = join(dir, 'fresh.sqlite');
    const other = new Database(file);
    other.exec('create table rows (id integer primary key)');
    other.exec('begin exclusive');
    let settled = false;
    const starting = SqliteThread.start({ file, busyTimeoutMs: 10_000 }).finally(() => (settled = true));
    try {
      // Long enough for the thread to boot and meet the lock.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(settled, false, 'the thread waits for the lock instead of failing to open');
    } finally {
      other.exec('commit');
      other.close();
    }
    const thread = await starting;
    try {
      assert.deepEqual((await thread.run('pragma journal_mode', [])).rows, [{ journal_mode: 'wal' }]);
    } finally {
      await thread.close();
    }
  });
});
