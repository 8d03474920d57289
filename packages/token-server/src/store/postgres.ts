/** PostgreSQL through `pg`'s pool: the shared store when several server instances run behind a load balancer. */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database as Schema } from './schema.js';

const INT8_OID = 20;

/** Inbox times are epoch milliseconds in bigint columns; they fit a JS number, so read them as numbers. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export function openPostgres(connectionString: string): Kysely<Schema> {
  // 3 s to get a connection: a webhook then gets its 503 before Pluggy's 5 s deadline, not a timeout.
  const pool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 3000, types });
  // An idle client losing its connection (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
}
