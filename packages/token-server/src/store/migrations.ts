/**
 * Schema migrations, applied in order at start inside one transaction. The transaction is the lock:
 * SQLite takes its write lock at BEGIN IMMEDIATE, PostgreSQL takes an advisory lock, so several
 * processes starting together apply each migration once.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { StoreKind } from './types.js';

interface Migration {
  version: number;
  name: string;
  up(db: Transaction<Database>): Promise<void>;
}

/** Arbitrary constant: the key of the PostgreSQL advisory lock that serialises migrations. */
const MIGRATION_LOCK_KEY = 7_340_221;

const migrations: Migration[] = [
  {
    version: 1,
    name: 'items, accounts, transactions, webhook inbox, connector status',
    async up(db) {
      await db.schema
        .createTable('items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('connector_id', 'integer', (c) => c.notNull())
        .addColumn('connector_name', 'text', (c) => c.notNull())
        .addColumn('connector_image_url', 'text')
        .addColumn('connector_primary_color', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('execution_status', 'text', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('status_detail', 'text')
        .addColumn('warnings', 'text', (c) => c.notNull())
        .addColumn('last_updated_at', 'text')
        .addColumn('next_auto_sync_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('items_user_id').on('items').column('user_id').execute();

      await db.schema
        .createTable('accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('subtype', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('marketing_name', 'text')
        .addColumn('number', 'text', (c) => c.notNull())
        .addColumn('balance', 'double precision', (c) => c.notNull())
        .addColumn('currency_code', 'text', (c) => c.notNull())
        .addColumn('owner', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('synced_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('accounts_item_id').on('accounts').column('item_id').execute();

      await db.schema
        .createTable('transactions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('amount', 'double precision', (c) => c.notNull())
        .addColumn('currency_code', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('status', 'text')
        .addColumn('category', 'text')
        .addColumn('balance', 'double precision')
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('synced_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('transactions_item_date')
        .on('transactions')
        .columns(['item_id', 'date'])
        .execute();
      await db.schema
        .createIndex('transactions_account_id')
        .on('transactions')
        .column('account_id')
        .execute();

      await db.schema
        .createTable('webhook_inbox')
        .addColumn('event_id', 'text', (c) => c.primaryKey())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text')
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_until', 'bigint')
        .addColumn('last_error', 'text')
        .addColumn('outcome', 'text')
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addColumn('finished_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('webhook_inbox_claim')
        .on('webhook_inbox')
        .columns(['status', 'next_attempt_at'])
        .execute();
      await db.schema
        .createIndex('webhook_inbox_finished')
        .on('webhook_inbox')
        .columns(['status', 'finished_at'])
        .execute();

      await db.schema
        .createTable('connector_status')
        .addColumn('connector_id', 'integer', (c) => c.primaryKey())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  {
    version: 2,
    name: 'webhook inbox: find the events of one item being processed',
    async up(db) {
      await db.schema
        .createIndex('webhook_inbox_item')
        .on('webhook_inbox')
        .columns(['item_id', 'status'])
        .execute();
    },
  },
  {
    version: 3,
    name: 'users this server minted connect tokens for (exact item adoption)',
    async up(db) {
      await db.schema
        .createTable('connect_token_users')
        .addColumn('user_id', 'text', (c) => c.primaryKey())
        .addColumn('first_minted_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  {
    version: 4,
    name: 'webhook inbox: claim in index order (status, next attempt, arrival), no sort of the backlog',
    async up(db) {
      await db.schema
        .createIndex('webhook_inbox_due')
        .on('webhook_inbox')
        .columns(['status', 'next_attempt_at', 'received_at'])
        .execute();
      // Its prefix: the new index serves every query it served.
      await db.schema.dropIndex('webhook_inbox_claim').execute();
    },
  },
  {
    version: 5,
    name: "items: whether the item's connector is a sandbox one (null: recorded before this was kept)",
    async up(db) {
      await db.schema.alterTable('items').addColumn('connector_is_sandbox', 'integer').execute();
    },
  },
  {
    version: 6,
    name: "webhook inbox: the user whose per-token webhook URL delivered the event (null: a registered webhook's)",
    async up(db) {
      await db.schema.alterTable('webhook_inbox').addColumn('scope_user_id', 'text').execute();
    },
  },
];

export async function migrate(db: Kysely<Database>, kind: StoreKind): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (kind === 'postgres') await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
    await trx.schema
      .createTable('schema_migrations')
      .ifNotExists()
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('applied_at', 'text', (c) => c.notNull())
      .execute();
    const applied = new Set(
      (await trx.selectFrom('schema_migrations').select('version').execute()).map((row) => row.version),
    );
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await migration.up(trx);
      await trx
        .insertInto('schema_migrations')
        .values({ version: migration.version, name: migration.name, applied_at: new Date().toISOString() })
        .execute();
    }
  });
}
