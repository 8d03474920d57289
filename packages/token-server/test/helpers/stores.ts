/**
 * The storage backends every storage test runs on: a SQLite file in a temp dir and a fresh database on the
 * real PostgreSQL server that scripts/with-postgres.sh started (DATABASE_URL).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type OpenStoreOptions, type Store } from '../../src/store/index.js';

export interface TestStore {
  store: Store;
  /** Options that open the same database again (another store or another process). */
  options: OpenStoreOptions;
  cleanup(): Promise<void>;
}

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty, migrated database. */
  open(): Promise<TestStore>;
  /** A fresh, empty database that is not opened yet. */
  create(): Promise<{ options: OpenStoreOptions; cleanup(): Promise<void> }>;
}

function postgresUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      'DATABASE_URL is not set: run the tests with `pnpm test` (bash scripts/with-postgres.sh starts PostgreSQL).',
    );
  }
  return url;
}

let databaseCounter = 0;

async function createPostgresDatabase(): Promise<{ options: OpenStoreOptions; cleanup(): Promise<void> }> {
  const adminUrl = postgresUrl();
  const name = `kit_${process.pid}_${Date.now()}_${databaseCounter++}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    options: { databaseUrl: url.toString() },
    async cleanup() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

async function createSqliteFile(): Promise<{ options: OpenStoreOptions; cleanup(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'kit-store-'));
  return {
    options: { sqliteFile: join(dir, 'store.sqlite') },
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function backend(name: Backend['name'], create: Backend['create']): Backend {
  return {
    name,
    create,
    async open() {
      const created = await create();
      const store = await openStore(created.options);
      return {
        store,
        options: created.options,
        async cleanup() {
          await store.close().catch(() => undefined);
          await created.cleanup();
        },
      };
    },
  };
}

export const backends: Backend[] = [
  backend('sqlite', createSqliteFile),
  backend('postgres', createPostgresDatabase),
];

/** What POST /connect-token records: these users got connect tokens from this server, so their items are adopted. */
export async function mintedFor(store: Store, ...userIds: string[]): Promise<void> {
  for (const userId of userIds) await store.tokenUsers.record(userId, new Date().toISOString());
}
