/** PostgreSQL through `pg`'s pool: the shared store when several server instances run behind a load balancer. */
import {
  Kysely,
  PostgresDialect,
  PostgresDriver,
  type DatabaseConnection,
  type Driver,
  type PostgresDialectConfig,
} from 'kysely';
import pg from 'pg';
import type { Database as Schema } from './schema.js';
import { acknowledgementsSettled, isUrgent } from './write-priority.js';

const INT8_OID = 20;

/** Inbox times are epoch milliseconds in bigint columns; they fit a JS number, so read them as numbers. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** The worker's queries give way to webhook acknowledgements in this process (write-priority.ts). */
class AcknowledgementsFirstDriver extends PostgresDriver {
  override async acquireConnection(): Promise<DatabaseConnection> {
    if (!isUrgent()) await acknowledgementsSettled();
    return super.acquireConnection();
  }
}

class AcknowledgementsFirstDialect extends PostgresDialect {
  constructor(private readonly settings: PostgresDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new AcknowledgementsFirstDriver(this.settings);
  }
}

export function openPostgres(connectionString: string): Kysely<Schema> {
  // 3 s to get a connection: a webhook then gets its 503 before Pluggy's 5 s deadline, not a timeout.
  const pool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 3000, types });
  // An idle client losing its connection (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  // A lent-out client losing its connection (inside a transaction) emits 'error' where the pool no longer
  // listens: unhandled, that kills the process. Its queries fail on their own and the pool drops it on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return new Kysely<Schema>({ dialect: new AcknowledgementsFirstDialect({ pool }) });
}
