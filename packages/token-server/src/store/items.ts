/** Items and who owns them. */
import type { Kysely, Selectable } from 'kysely';
import type { Item } from '../pluggy/pluggy-api.js';
import type { Database, ItemsTable } from './schema.js';
import { StoreError } from './store-error.js';
import type { ItemQueries, ItemWarning, StoredItem } from './types.js';
import { fromJson, toIsoDate, toIsoDateOrNull, toJson } from './values.js';

type ItemState = Omit<ItemsTable, 'id' | 'user_id' | 'recorded_at'>;

function stateOf(item: Item): ItemState {
  return {
    connector_id: item.connector.id,
    connector_name: item.connector.name,
    connector_image_url: item.connector.imageUrl ?? null,
    connector_primary_color: item.connector.primaryColor ?? null,
    connector_is_sandbox: item.connector.isSandbox === true ? 1 : 0,
    status: item.status,
    execution_status: item.executionStatus,
    error: item.error ? toJson(item.error) : null,
    status_detail: item.statusDetail ? toJson(item.statusDetail) : null,
    warnings: toJson(warningsOf(item)),
    last_updated_at: toIsoDateOrNull(item.lastUpdatedAt),
    next_auto_sync_at: toIsoDateOrNull(item.nextAutoSyncAt),
    created_at: toIsoDate(item.createdAt),
    updated_at: toIsoDate(item.updatedAt),
  };
}

/** Flattens per-product warnings so the UI can show them without knowing `statusDetail`'s shape. */
function warningsOf(item: Item): ItemWarning[] {
  if (!item.statusDetail) return [];
  return Object.entries(item.statusDetail).flatMap(([product, state]) =>
    (state?.warnings ?? []).map((warning) => ({
      product,
      code: warning.code,
      message: warning.message,
      ...(warning.providerMessage ? { providerMessage: warning.providerMessage } : {}),
    })),
  );
}

/** An item row with its connector's last reported health (left-joined from `connector_status`). */
type ItemRow = Selectable<ItemsTable> & {
  connector_health: string | null;
  connector_health_at: string | null;
};

function toStoredItem(row: ItemRow): StoredItem {
  return {
    id: row.id,
    userId: row.user_id,
    connector: {
      id: row.connector_id,
      name: row.connector_name,
      ...(row.connector_image_url ? { imageUrl: row.connector_image_url } : {}),
      ...(row.connector_primary_color ? { primaryColor: row.connector_primary_color } : {}),
      ...(row.connector_health && row.connector_health_at
        ? { health: { status: row.connector_health, reportedAt: row.connector_health_at } }
        : {}),
    },
    status: row.status,
    executionStatus: row.execution_status,
    error: fromJson(row.error),
    warnings: fromJson<ItemWarning[]>(row.warnings) ?? [],
    statusDetail: fromJson(row.status_detail),
    lastUpdatedAt: row.last_updated_at,
    nextAutoSyncAt: row.next_auto_sync_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function itemQueries(db: Kysely<Database>): ItemQueries {
  const selectItems = () =>
    db
      .selectFrom('items')
      .leftJoin('connector_status', 'connector_status.connector_id', 'items.connector_id')
      .selectAll('items')
      .select([
        'connector_status.status as connector_health',
        'connector_status.updated_at as connector_health_at',
      ]);

  /** Inserts the item for `userId`, or refreshes its state unless the stored state is newer. */
  async function upsert(executor: Kysely<Database>, userId: string, item: Item): Promise<void> {
    const state = stateOf(item);
    await executor
      .insertInto('items')
      .values({ id: item.id, user_id: userId, recorded_at: new Date().toISOString(), ...state })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet(state).where('items.updated_at', '<=', state.updated_at),
      )
      .execute();
  }

  return {
    async recordOwnership(userId, item) {
      await db.transaction().execute(async (trx) => {
        await upsert(trx, userId, item);
        const row = await trx
          .selectFrom('items')
          .select('user_id')
          .where('id', '=', item.id)
          .executeTakeFirst();
        if (row && row.user_id !== userId) {
          throw new StoreError(
            'ITEM_OWNED_BY_ANOTHER_USER',
            `Item ${item.id} is already recorded for another user; it cannot be recorded for this one.`,
          );
        }
      });
    },

    async findOwned(userId, itemId) {
      const row = await selectItems()
        .where('items.id', '=', itemId)
        .where('items.user_id', '=', userId)
        .executeTakeFirst();
      return row ? toStoredItem(row) : undefined;
    },

    async listOwned(userId) {
      const rows = await selectItems()
        .where('items.user_id', '=', userId)
        .orderBy('items.created_at')
        .orderBy('items.id')
        .execute();
      return rows.map(toStoredItem);
    },

    async ownerOf(itemId) {
      const row = await db.selectFrom('items').select('user_id').where('id', '=', itemId).executeTakeFirst();
      return row?.user_id;
    },

    async recordedOwner(itemId) {
      const row = await db
        .selectFrom('items')
        .select(['user_id', 'connector_is_sandbox'])
        .where('id', '=', itemId)
        .executeTakeFirst();
      if (!row) return undefined;
      const flag = row.connector_is_sandbox;
      return { userId: row.user_id, isSandbox: flag === null ? null : Number(flag) === 1 };
    },

    async settleSandboxFlag(itemId, isSandbox) {
      // Apart from upsertFromPluggy: its updated_at guard would skip a re-read that is not newer.
      await db
        .updateTable('items')
        .set({ connector_is_sandbox: isSandbox ? 1 : 0 })
        .where('id', '=', itemId)
        .where('connector_is_sandbox', 'is', null)
        .execute();
    },

    async upsertFromPluggy(item) {
      // Update only: `clientUserId` alone never makes an item ours (another app's token can set any).
      const state = stateOf(item);
      await db
        .updateTable('items')
        .set(state)
        .where('id', '=', item.id)
        .where('updated_at', '<=', state.updated_at)
        .execute();
    },

    async remove(itemId) {
      return db.transaction().execute(async (trx) => {
        // The item row goes first: on PostgreSQL that waits for any data upsert holding the row lock, so
        // rows that upsert committed are seen (and deleted) by the statements below. It also waits for a
        // racing removal, which then finds no row: only one of them answers true.
        const deleted = await trx.deleteFrom('items').where('id', '=', itemId).executeTakeFirst();
        await trx.deleteFrom('transactions').where('item_id', '=', itemId).execute();
        await trx.deleteFrom('accounts').where('item_id', '=', itemId).execute();
        return deleted.numDeletedRows > 0n;
      });
    },

    async listByConnector(connectorId) {
      const rows = await selectItems().where('items.connector_id', '=', connectorId).execute();
      return rows.map(toStoredItem);
    },
  };
}
