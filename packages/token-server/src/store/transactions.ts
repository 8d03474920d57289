/** Transactions synced from Pluggy, listed per item with a date range and pages. */
import type { Kysely, Selectable } from 'kysely';
import type { Transaction } from '../pluggy/pluggy-api.js';
import { lockRecordedItem } from './item-lock.js';
import type { Database, TransactionsTable } from './schema.js';
import type { StoreKind, StoredTransaction, TransactionQueries } from './types.js';
import { chunks, fromJson, toIsoDate, toJson } from './values.js';

interface TransactionDetails {
  descriptionRaw: string | null;
  categoryId: string | null;
  merchant: unknown;
  paymentData: unknown;
  creditCardMetadata: unknown;
}

function toRow(itemId: string, transaction: Transaction, syncedAt: string): TransactionsTable {
  const details: TransactionDetails = {
    descriptionRaw: transaction.descriptionRaw ?? null,
    categoryId: transaction.categoryId ?? null,
    merchant: transaction.merchant ?? null,
    paymentData: transaction.paymentData ?? null,
    creditCardMetadata: transaction.creditCardMetadata ?? null,
  };
  return {
    id: transaction.id,
    item_id: itemId,
    account_id: transaction.accountId,
    date: toIsoDate(transaction.date),
    description: transaction.description,
    amount: transaction.amount,
    currency_code: transaction.currencyCode,
    type: transaction.type,
    status: transaction.status ?? null,
    category: transaction.category ?? null,
    balance: transaction.balance ?? null,
    details: toJson(details),
    created_at: toIsoDate(transaction.createdAt),
    updated_at: toIsoDate(transaction.updatedAt),
    synced_at: syncedAt,
  };
}

function toStoredTransaction(row: Selectable<TransactionsTable>): StoredTransaction {
  const details = fromJson<TransactionDetails>(row.details);
  return {
    id: row.id,
    itemId: row.item_id,
    accountId: row.account_id,
    date: row.date,
    description: row.description,
    descriptionRaw: details?.descriptionRaw ?? null,
    amount: row.amount,
    currencyCode: row.currency_code,
    type: row.type,
    status: row.status,
    category: row.category,
    categoryId: details?.categoryId ?? null,
    balance: row.balance,
    merchant: details?.merchant ?? null,
    paymentData: details?.paymentData ?? null,
    creditCardMetadata: details?.creditCardMetadata ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Rows per write transaction: short enough that acknowledgements never wait long for the write lock. */
const ROWS_PER_WRITE = 50;

export function transactionQueries(db: Kysely<Database>, kind: StoreKind): TransactionQueries {
  return {
    async listForItem(itemId, query) {
      let filtered = db.selectFrom('transactions').where('item_id', '=', itemId);
      // Dates are ISO text: `from` compares as the day's first instant, `to` is extended to the day's end.
      if (query.from) filtered = filtered.where('date', '>=', query.from);
      if (query.to) filtered = filtered.where('date', '<=', `${query.to}T23:59:59.999Z`);
      const counted = await filtered
        .select((eb) => eb.fn.countAll<number | string>().as('total'))
        .executeTakeFirst();
      const total = Number(counted?.total ?? 0);
      const rows = await filtered
        .selectAll()
        .orderBy('date', 'desc')
        .orderBy('id')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute();
      return {
        results: rows.map(toStoredTransaction),
        total,
        page: query.page,
        totalPages: Math.ceil(total / query.pageSize),
      };
    },

    async upsertForItem(itemId, transactions) {
      const syncedAt = new Date().toISOString();
      if (transactions.length === 0) {
        const recorded = await db
          .selectFrom('items')
          .select('id')
          .where('id', '=', itemId)
          .executeTakeFirst();
        return recorded !== undefined;
      }
      // A transaction per chunk: a year of transactions would otherwise hold SQLite's one write lock for
      // tens of milliseconds, and every webhook acknowledgement waits for that lock. Each chunk re-checks
      // that the item is still recorded, so nothing is written after a deletion; a sync cut short is redone.
      for (const batch of chunks(transactions, ROWS_PER_WRITE)) {
        const written = await db.transaction().execute(async (trx) => {
          if (!(await lockRecordedItem(trx, kind, itemId))) return false;
          await trx
            .insertInto('transactions')
            .values(batch.map((transaction) => toRow(itemId, transaction, syncedAt)))
            .onConflict((oc) =>
              oc.column('id').doUpdateSet((eb) => ({
                account_id: eb.ref('excluded.account_id'),
                date: eb.ref('excluded.date'),
                description: eb.ref('excluded.description'),
                amount: eb.ref('excluded.amount'),
                currency_code: eb.ref('excluded.currency_code'),
                type: eb.ref('excluded.type'),
                status: eb.ref('excluded.status'),
                category: eb.ref('excluded.category'),
                balance: eb.ref('excluded.balance'),
                details: eb.ref('excluded.details'),
                created_at: eb.ref('excluded.created_at'),
                updated_at: eb.ref('excluded.updated_at'),
                synced_at: eb.ref('excluded.synced_at'),
              })),
            )
            .execute();
          return true;
        });
        if (!written) return false;
      }
      return true;
    },

    async removeForItem(itemId, transactionIds) {
      let removed = 0;
      for (const batch of chunks(transactionIds, 500)) {
        const result = await db
          .deleteFrom('transactions')
          .where('item_id', '=', itemId)
          .where('id', 'in', batch)
          .executeTakeFirst();
        removed += Number(result.numDeletedRows);
      }
      return removed;
    },
  };
}
