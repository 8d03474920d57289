/**
 * `openStore`: one query path over an embedded SQLite file (the default) or PostgreSQL (`databaseUrl`),
 * migrated before it is returned.
 */
import { sql, type Kysely } from 'kysely';
import { accountQueries } from './accounts.js';
import { connectorStatusQueries } from './connector-status.js';
import { inboxQueries } from './inbox.js';
import { itemQueries } from './items.js';
import { migrate } from './migrations.js';
import { openPostgres } from './postgres.js';
import type { Database } from './schema.js';
import { openSqlite } from './sqlite.js';
import { StoreError } from './store-error.js';
import { tokenUserQueries } from './token-users.js';
import { transactionQueries } from './transactions.js';
import type { Store, StoreKind } from './types.js';

export interface OpenStoreOptions {
  /** `postgres://` or `postgresql://` URL; when set, PostgreSQL is used instead of SQLite. */
  databaseUrl?: string;
  /** SQLite file path (created with its directory if missing). Default `./data/pluggy-kit.sqlite`. */
  sqliteFile?: string;
}

export const DEFAULT_SQLITE_FILE = 'data/pluggy-kit.sqlite';

export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const { kind, db } = connect(options);
  try {
    await migrate(db, kind);
  } catch (cause) {
    await db.destroy().catch(() => undefined);
    throw new StoreError(
      'STORE_UNAVAILABLE',
      `Could not open and migrate the ${kind} store: ${String(cause)}`,
      { cause },
    );
  }
  return {
    kind,
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
    items: itemQueries(db),
    accounts: accountQueries(db, kind),
    transactions: transactionQueries(db, kind),
    inbox: inboxQueries(db, kind),
    connectors: connectorStatusQueries(db),
    tokenUsers: tokenUserQueries(db),
  };
}

function connect(options: OpenStoreOptions): { kind: StoreKind; db: Kysely<Database> } {
  if (options.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(options.databaseUrl)) {
      throw new StoreError(
        'STORE_CONFIG_INVALID',
        'DATABASE_URL must start with postgres:// or postgresql:// (leave it unset to use the SQLite file).',
      );
    }
    return { kind: 'postgres', db: openPostgres(options.databaseUrl) };
  }
  return { kind: 'sqlite', db: openSqlite(options.sqliteFile ?? DEFAULT_SQLITE_FILE) };
}

export { StoreError, isStoreUnavailable } from './store-error.js';
export type * from './types.js';
