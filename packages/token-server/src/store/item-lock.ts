import type { Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { StoreKind } from './types.js';

/**
 * Inside a data-writing transaction: true when the item is still recorded, and on PostgreSQL locks its row
 * until commit so a concurrent `items.remove` cannot delete the item between this check and the writes.
 * (SQLite transactions already hold the database-wide write lock.)
 */
export async function lockRecordedItem(
  trx: Transaction<Database>,
  kind: StoreKind,
  itemId: string,
): Promise<boolean> {
  const row = await trx
    .selectFrom('items')
    .select('id')
    .where('id', '=', itemId)
    .$if(kind === 'postgres', (query) => query.forUpdate())
    .executeTakeFirst();
  return row !== undefined;
}
