/**
 * SQLite through `libsql`'s synchronous Database (prebuilt binary, no compile step on a fresh machine) and
 * kysely's built-in SqliteDialect, which serialises this process's queries on one connection.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
} from 'kysely';
import Database from 'libsql';
import type { Database as Schema } from './schema.js';
import { acknowledgementsSettled, isUrgent, PriorityGate } from './write-priority.js';

/** How long a statement waits for another process's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Every transaction starts with BEGIN IMMEDIATE: it takes the write lock up front, so two processes never
 * both read a row as claimable and then race to upgrade to a write (which SQLite answers with BUSY).
 */
class ImmediateTransactionSqliteDriver extends SqliteDriver {
  // Admits one holder at a time, acknowledgements first (write-priority.ts): kysely's own queue behind it
  // never has a waiter.
  private readonly gate = new PriorityGate();

  override async acquireConnection(): Promise<DatabaseConnection> {
    const urgent = isUrgent();
    if (!urgent) await acknowledgementsSettled();
    await this.gate.acquire(urgent);
    try {
      return await super.acquireConnection();
    } catch (error) {
      this.gate.release();
      throw error;
    }
  }

  override async releaseConnection(): Promise<void> {
    await super.releaseConnection();
    this.gate.release();
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateTransactionSqliteDialect extends SqliteDialect {
  constructor(private readonly database: Database.Database) {
    super({ database });
  }

  override createDriver(): Driver {
    return new ImmediateTransactionSqliteDriver({ database: this.database });
  }
}

/**
 * One store per process per file: another process may share the file (its lock waits are short), but two
 * handles in one process would wait synchronously on each other's write lock and block the event loop.
 */
export function openSqlite(file: string): Kysely<Schema> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new Database(file);
  // WAL lets readers run while a writer commits; FULL syncs the WAL on every commit, so an acknowledged
  // webhook survives a machine crash, not only a process crash.
  database.exec(`pragma busy_timeout = ${BUSY_TIMEOUT_MS}`);
  database.exec('pragma journal_mode = wal');
  database.exec('pragma synchronous = full');
  return new Kysely<Schema>({ dialect: new ImmediateTransactionSqliteDialect(database) });
}
