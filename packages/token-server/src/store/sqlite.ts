/**
 * SQLite through `libsql` (prebuilt binary, no compile step on a fresh machine), run on a thread of its own
 * (sqlite-thread.ts) so statements and commit fsyncs never block the event loop, with kysely's SQLite SQL.
 * This process's queries share that one connection, one holder (a query or a whole transaction) at a time.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  CompiledQuery,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely';
import { isRedoable } from './redo-durability.js';
import type { Database as Schema } from './schema.js';
import { SqliteThread } from './sqlite-thread-client.js';
import { acknowledgementsSettled, isUrgent, PriorityGate } from './write-priority.js';

/** How long a statement waits for another process's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

class ThreadConnection implements DatabaseConnection {
  constructor(private readonly thread: SqliteThread) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.thread.run(query.sql, query.parameters) as Promise<QueryResult<R>>;
  }

  // eslint-disable-next-line require-yield -- kysely's interface; no query of this store streams.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('The SQLite store does not stream query results.');
  }
}

class ThreadedSqliteDriver implements Driver {
  private connection: ThreadConnection | undefined;
  private thread: SqliteThread | undefined;
  // One holder at a time, acknowledgements first (write-priority.ts).
  private readonly gate = new PriorityGate();
  /** The connection's `synchronous` setting: FULL unless the holder's work is redoable (redo-durability.ts). */
  private synchronous: 'full' | 'normal' = 'full';

  constructor(private readonly file: string) {}

  async init(): Promise<void> {
    this.thread = await SqliteThread.start({ file: this.file, busyTimeoutMs: BUSY_TIMEOUT_MS });
    this.connection = new ThreadConnection(this.thread);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const urgent = isUrgent();
    const synchronous = !urgent && isRedoable() ? 'normal' : 'full';
    if (!urgent) await acknowledgementsSettled();
    await this.gate.acquire(urgent);
    const connection = this.connection!;
    if (synchronous !== this.synchronous) {
      try {
        await connection.executeQuery(CompiledQuery.raw(`pragma synchronous = ${synchronous}`));
      } catch (error) {
        this.gate.release();
        throw error;
      }
      this.synchronous = synchronous;
    }
    return connection;
  }

  /**
   * BEGIN IMMEDIATE takes the write lock up front, so two processes never both read a row as claimable
   * and then race to upgrade to a write (which SQLite answers with BUSY).
   */
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    this.gate.release();
  }

  async destroy(): Promise<void> {
    await this.thread?.close();
  }
}

class ThreadedSqliteDialect implements Dialect {
  constructor(private readonly file: string) {}
  createDriver = () => new ThreadedSqliteDriver(this.file);
  createQueryCompiler = () => new SqliteQueryCompiler();
  createAdapter = () => new SqliteAdapter();
  createIntrospector = (db: Kysely<unknown>) => new SqliteIntrospector(db);
}

/**
 * Other processes (and other stores) may share the file: a statement waits up to BUSY_TIMEOUT_MS for their
 * write lock, on the store's thread, not on the event loop.
 */
export function openSqlite(file: string): Kysely<Schema> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  return new Kysely<Schema>({ dialect: new ThreadedSqliteDialect(file) });
}
