/** Fetching an item's accounts and transactions after a finished run. */
import type { Account, Item } from '../../pluggy/pluggy-api.js';
import { publish, type HandlerContext } from './context.js';

type Product = keyof NonNullable<Item['statusDetail']>;

function isUpdated(item: Item, product: Product): boolean {
  return item.statusDetail?.[product]?.isUpdated === true;
}

/**
 * SUCCESS: accounts and every transaction page. PARTIAL_SUCCESS: only the products Pluggy marks
 * `isUpdated` (the others failed this run and keep their last good data; the item keeps the warnings).
 */
export async function syncItemData(context: HandlerContext, item: Item, userId: string): Promise<string> {
  const partial = item.executionStatus === 'PARTIAL_SUCCESS';
  const syncAccounts = !partial || isUpdated(item, 'accounts') || isUpdated(item, 'creditCards');
  const syncTransactions = !partial || isUpdated(item, 'transactions');
  if (!syncAccounts && !syncTransactions) return 'recorded PARTIAL_SUCCESS: no product updated';

  let accounts: Pick<Account, 'id'>[];
  if (syncAccounts) {
    const fetched = await context.pluggy.fetchAccounts(item.id);
    if (!(await context.store.accounts.upsertForItem(item.id, fetched)))
      return 'ignored: item removed meanwhile';
    accounts = fetched;
  } else {
    // Accounts failed this run: their stored rows still say which accounts the fresh transactions belong to.
    const stored = await context.store.accounts.listForItem(item.id);
    accounts = stored.length > 0 ? stored : await context.pluggy.fetchAccounts(item.id);
  }

  const upserted: string[] = [];
  if (syncTransactions) {
    for (const account of accounts) {
      const transactions = await context.pluggy.fetchTransactions(account.id);
      if (!(await context.store.transactions.upsertForItem(item.id, transactions)))
        return 'ignored: item removed meanwhile';
      upserted.push(...transactions.map((transaction) => transaction.id));
    }
  }

  publish(context, userId, item.id, 'transactions', item.status);
  await context.hooks.onTransactionsChanged?.({ userId, itemId: item.id, upserted, deleted: [] });
  const products = [syncAccounts && 'accounts', syncTransactions && 'transactions'].filter(Boolean).join('+');
  return `synced ${products}: ${accounts.length} accounts, ${upserted.length} transactions`;
}
