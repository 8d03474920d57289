/**
 * The SQLite connection's own thread. libsql is synchronous: on the event loop, every statement, and every
 * commit's fsync (about 1 ms here), stopped all HTTP work, so webhook acknowledgements queued behind the
 * worker's writes and each other's syncs. Here they block only this thread. Statements run one at a time
 * in arrival order; the store keeps transactions whole (sqlite-dialect.ts admits one holder at a time).
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'libsql';
import { retryWhileBusy } from './sqlite-busy.js';
import {
  toErrorShape,
  type SqliteReadiness,
  type SqliteReply,
  type SqliteRequest,
  type SqliteThreadOptions,
} from './sqlite-protocol.js';

/** Prepared statements kept for reuse (kysely sends the same few texts again and again). */
const STATEMENT_CACHE_SIZE = 200;

const port = parentPort!;
const options = workerData as SqliteThreadOptions;

function open(): Database.Database {
  const database = new Database(options.file);
  // WAL lets readers run while a writer commits; FULL syncs the WAL on every commit, so an acknowledged
  // webhook survives a machine crash, not only a process crash. The worker's redoable commits switch to
  // NORMAL (redo-durability.ts), sent as a pragma by the store. Waits for other connections' locks are
  // ours (sqlite-busy.ts), not SQLite's handler: switching a new file to WAL needs the file to itself.
  database.exec('pragma busy_timeout = 0');
  const configure = () => {
    database.exec('pragma journal_mode = wal');
    database.exec('pragma synchronous = full');
  };
  retryWhileBusy(configure, () => true, options.busyTimeoutMs);
  return database;
}

let database: Database.Database;
try {
  database = open();
  port.postMessage({ ready: true } satisfies SqliteReadiness);
} catch (error) {
  port.postMessage({ ready: false, error: toErrorShape(error) } satisfies SqliteReadiness);
  process.exit(0);
}

const statements = new Map<string, Database.Statement>();

function prepared(sql: string): Database.Statement {
  let statement = statements.get(sql);
  if (statement) {
    // Most recently used last, so the oldest is the first key.
    statements.delete(sql);
  } else {
    statement = database.prepare(sql);
    if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
  }
  statements.set(sql, statement);
  return statement;
}

function run({ id, sql, parameters }: SqliteRequest): SqliteReply {
  const statement = prepared(sql);
  if (statement.reader) return { id, rows: statement.all(parameters) as unknown[] };
  const { changes, lastInsertRowid } = statement.run(parameters);
  return { id, changes, lastInsertRowid };
}

const outsideTransaction = () => !database.inTransaction;

function execute(request: SqliteRequest): SqliteReply {
  const { id } = request;
  try {
    return retryWhileBusy(() => run(request), outsideTransaction, options.busyTimeoutMs);
  } catch (error) {
    return { id, error: toErrorShape(error) };
  }
}

port.on('message', (message: SqliteRequest | 'close') => {
  if (message === 'close') {
    database.close();
    port.close();
    return;
  }
  port.postMessage(execute(message));
});
