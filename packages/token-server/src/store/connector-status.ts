/** The last health status Pluggy reported for each connector (`connector/status_updated`). */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { ConnectorStatusQueries } from './types.js';

export function connectorStatusQueries(db: Kysely<Database>): ConnectorStatusQueries {
  return {
    async record(connectorId, status, at) {
      await db
        .insertInto('connector_status')
        .values({ connector_id: connectorId, status, updated_at: at })
        .onConflict((oc) => oc.column('connector_id').doUpdateSet({ status, updated_at: at }))
        .execute();
    },

    async get(connectorId) {
      const row = await db
        .selectFrom('connector_status')
        .select('status')
        .where('connector_id', '=', connectorId)
        .executeTakeFirst();
      return row?.status;
    },
  };
}
