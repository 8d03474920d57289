/** transactions/* events: fetch exactly what changed (never a full re-sync) and apply it. */
import type { Transaction } from '../../pluggy/pluggy-api.js';
import type { TransactionIdsPayload, TransactionsCreatedPayload } from '../events.js';
import {
  ignoreSandbox,
  isRefusedRecordedSandbox,
  publish,
  resolveOwner,
  type EventHandler,
  type HandlerContext,
} from './context.js';

/** Pluggy caps `ids` at 500 per request. */
const IDS_PER_REQUEST = 500;

async function applyUpserts(
  context: HandlerContext,
  owner: string,
  itemId: string,
  transactions: Transaction[],
): Promise<string> {
  if (!(await context.store.transactions.upsertForItem(itemId, transactions)))
    return 'ignored: item removed meanwhile';
  const ids = transactions.map((transaction) => transaction.id);
  publish(context, owner, itemId, 'transactions');
  await context.hooks.onTransactionsChanged?.({ userId: owner, itemId, upserted: ids, deleted: [] });
  return `upserted ${ids.length} transactions`;
}

/**
 * transactions/created: the link Pluggy sends points at v1 `GET /transactions`; the client turns it into the
 * same v2 query once v1 answers 410 ENDPOINT_DEPRECATED (pluggy/v1-transactions.ts), so it never dead-ends here.
 */
export const handleTransactionsCreated: EventHandler = async (event, context) => {
  const payload = event.payload as unknown as TransactionsCreatedPayload;
  const ownership = await resolveOwner(context, payload.itemId);
  if ('outcome' in ownership) return ownership.outcome;
  const transactions = payload.createdTransactionsLink
    ? await context.pluggy.fetchTransactionsByLink(payload.createdTransactionsLink)
    : await context.pluggy.fetchTransactions(
        payload.accountId,
        payload.transactionsCreatedAtFrom ? { createdAtFrom: payload.transactionsCreatedAtFrom } : {},
      );
  return applyUpserts(context, ownership.owner, payload.itemId, transactions);
};

export const handleTransactionsUpdated: EventHandler = async (event, context) => {
  const payload = event.payload as unknown as TransactionIdsPayload;
  const ownership = await resolveOwner(context, payload.itemId);
  if ('outcome' in ownership) return ownership.outcome;
  const transactions: Transaction[] = [];
  for (let start = 0; start < payload.transactionIds.length; start += IDS_PER_REQUEST) {
    const ids = payload.transactionIds.slice(start, start + IDS_PER_REQUEST);
    transactions.push(...(await context.pluggy.fetchTransactions(payload.accountId, { ids })));
  }
  return applyUpserts(context, ownership.owner, payload.itemId, transactions);
};

export const handleTransactionsDeleted: EventHandler = async (event, context) => {
  const payload = event.payload as unknown as TransactionIdsPayload;
  // Only a recorded item has transactions to delete, and deleting needs no Pluggy call: no re-read, even for
  // a row too old to say whether it is a sandbox item (removing its rows loses nothing).
  const recorded = await context.store.items.recordedOwner(payload.itemId);
  if (!recorded) {
    context.logger.info(
      { itemId: payload.itemId },
      'webhook ignored: transactions deleted for an item not recorded here',
    );
    return 'ignored: item not recorded';
  }
  if (isRefusedRecordedSandbox(recorded, context)) return ignoreSandbox(context, payload.itemId).outcome;
  const owner = recorded.userId;
  const removed = await context.store.transactions.removeForItem(payload.itemId, payload.transactionIds);
  publish(context, owner, payload.itemId, 'transactions');
  await context.hooks.onTransactionsChanged?.({
    userId: owner,
    itemId: payload.itemId,
    upserted: [],
    deleted: payload.transactionIds,
  });
  return `deleted ${removed} transactions`;
};
