/** Accounts synced from Pluggy, per item. */
import type { Kysely, Selectable } from 'kysely';
import type { Account } from '../pluggy/pluggy-api.js';
import { lockRecordedItem } from './item-lock.js';
import type { AccountsTable, Database } from './schema.js';
import type { AccountQueries, StoreKind, StoredAccount } from './types.js';
import { chunks, fromJson, toJson } from './values.js';

interface AccountDetails {
  taxNumber: string | null;
  bankData: unknown;
  creditData: unknown;
}

function toRow(itemId: string, account: Account, syncedAt: string): AccountsTable {
  const details: AccountDetails = {
    taxNumber: account.taxNumber ?? null,
    bankData: account.bankData ?? null,
    creditData: account.creditData ?? null,
  };
  return {
    id: account.id,
    item_id: itemId,
    type: account.type,
    subtype: account.subtype,
    name: account.name,
    marketing_name: account.marketingName ?? null,
    number: account.number,
    balance: account.balance,
    currency_code: account.currencyCode,
    owner: account.owner ?? null,
    details: toJson(details),
    synced_at: syncedAt,
  };
}

function toStoredAccount(row: Selectable<AccountsTable>): StoredAccount {
  const details = fromJson<AccountDetails>(row.details);
  return {
    id: row.id,
    itemId: row.item_id,
    type: row.type,
    subtype: row.subtype,
    name: row.name,
    marketingName: row.marketing_name,
    number: row.number,
    balance: row.balance,
    currencyCode: row.currency_code,
    owner: row.owner,
    taxNumber: details?.taxNumber ?? null,
    bankData: details?.bankData ?? null,
    creditData: details?.creditData ?? null,
    syncedAt: row.synced_at,
  };
}

export function accountQueries(db: Kysely<Database>, kind: StoreKind): AccountQueries {
  return {
    async listForItem(itemId) {
      const rows = await db
        .selectFrom('accounts')
        .selectAll()
        .where('item_id', '=', itemId)
        .orderBy('id')
        .execute();
      return rows.map(toStoredAccount);
    },

    async upsertForItem(itemId, accounts) {
      const syncedAt = new Date().toISOString();
      return db.transaction().execute(async (trx) => {
        if (!(await lockRecordedItem(trx, kind, itemId))) return false;
        for (const batch of chunks(accounts, 200)) {
          await trx
            .insertInto('accounts')
            .values(batch.map((account) => toRow(itemId, account, syncedAt)))
            .onConflict((oc) =>
              oc.column('id').doUpdateSet((eb) => ({
                type: eb.ref('excluded.type'),
                subtype: eb.ref('excluded.subtype'),
                name: eb.ref('excluded.name'),
                marketing_name: eb.ref('excluded.marketing_name'),
                number: eb.ref('excluded.number'),
                balance: eb.ref('excluded.balance'),
                currency_code: eb.ref('excluded.currency_code'),
                owner: eb.ref('excluded.owner'),
                details: eb.ref('excluded.details'),
                synced_at: eb.ref('excluded.synced_at'),
              })),
            )
            .execute();
        }
        return true;
      });
    },

    async removeMissing(itemId, types, keepIds) {
      if (types.length === 0) return [];
      return db.transaction().execute(async (trx) => {
        if (!(await lockRecordedItem(trx, kind, itemId))) return [];
        const gone = (
          await trx
            .selectFrom('accounts')
            .select('id')
            .where('item_id', '=', itemId)
            .where('type', 'in', types)
            .$if(keepIds.length > 0, (query) => query.where('id', 'not in', keepIds))
            .execute()
        ).map((row) => row.id);
        if (gone.length === 0) return [];
        const transactions = await trx
          .deleteFrom('transactions')
          .where('item_id', '=', itemId)
          .where('account_id', 'in', gone)
          .returning('id')
          .execute();
        await trx.deleteFrom('accounts').where('item_id', '=', itemId).where('id', 'in', gone).execute();
        return transactions.map((row) => row.id);
      });
    },
  };
}
