/** Fetching an item's accounts and transactions after a finished run. */
import type { AccountType, Item } from '../../pluggy/pluggy-api.js';
import { publish, type HandlerContext } from './context.js';

type Product = keyof NonNullable<Item['statusDetail']>;

function isUpdated(item: Item, product: Product): boolean {
  return item.statusDetail?.[product]?.isUpdated === true;
}

/**
 * Which kinds of account are fresh: all after SUCCESS; after PARTIAL_SUCCESS only the updated kind
 * (Pluggy's `accounts` product is the BANK accounts, `creditCards` the CREDIT ones), or none.
 */
function freshAccountTypes(item: Item, partial: boolean): AccountType[] {
  if (!partial) return ['BANK', 'CREDIT'];
  return [
    ...(isUpdated(item, 'accounts') ? (['BANK'] as const) : []),
    ...(isUpdated(item, 'creditCards') ? (['CREDIT'] as const) : []),
  ];
}

/**
 * SUCCESS: accounts and every transaction page. PARTIAL_SUCCESS: only the products Pluggy marks
 * `isUpdated` (the others failed this run and keep their last good data; the item keeps the warnings).
 */
export async function syncItemData(context: HandlerContext, item: Item, userId: string): Promise<string> {
  const partial = item.executionStatus === 'PARTIAL_SUCCESS';
  const freshTypes = freshAccountTypes(item, partial);
  const syncTransactions = !partial || isUpdated(item, 'transactions');
  if (freshTypes.length === 0 && !syncTransactions) return 'recorded PARTIAL_SUCCESS: no product updated';

  // Pluggy's list says which accounts exist now, whichever products this run updated: stored rows may name
  // accounts it dropped, and asking for their transactions would fail the event until it is dead.
  const accounts = await context.pluggy.fetchAccounts(item.id);
  let deleted: string[] = [];
  if (freshTypes.length > 0) {
    // Only the fresh kind is recorded: a failed kind's rows keep their last good data.
    const fresh =
      freshTypes.length === 2 ? accounts : accounts.filter((account) => freshTypes.includes(account.type));
    if (!(await context.store.accounts.upsertForItem(item.id, fresh)))
      return 'ignored: item removed meanwhile';
    // A fresh kind's accounts that Pluggy no longer lists are gone (closed, or no longer shared).
    const ids = fresh.map((account) => account.id);
    deleted = await context.store.accounts.removeMissing(item.id, freshTypes, ids);
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
  await context.hooks.onTransactionsChanged?.({ userId, itemId: item.id, upserted, deleted });
  const accountProducts = freshTypes.length === 1 ? `accounts(${freshTypes[0]})` : 'accounts';
  const products = [freshTypes.length > 0 && accountProducts, syncTransactions && 'transactions']
    .filter(Boolean)
    .join('+');
  return `synced ${products}: ${accounts.length} accounts, ${upserted.length} transactions`;
}
