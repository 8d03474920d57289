/** Fetching an item's accounts and transactions after a finished run. */
import type { Account, AccountType, Item } from '../../pluggy/pluggy-api.js';
import { publish, type HandlerContext } from './context.js';

type Product = keyof NonNullable<Item['statusDetail']>;

function isUpdated(item: Item, product: Product): boolean {
  return item.statusDetail?.[product]?.isUpdated === true;
}

/**
 * Which accounts to fetch: all after SUCCESS; after PARTIAL_SUCCESS only the updated kind (Pluggy's
 * `accounts` product is the BANK accounts, `creditCards` the CREDIT ones), or none.
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

  const plan = await planAccounts(context, item.id, freshTypes, syncTransactions);
  const fetched = plan.fetch === 'none' ? [] : await context.pluggy.fetchAccounts(item.id, plan.fetch);
  if (freshTypes.length > 0) {
    // After SUCCESS everything is fresh, whatever types Pluggy adds later.
    const fresh =
      freshTypes.length === 2 ? fetched : fetched.filter((account) => freshTypes.includes(account.type));
    if (!(await context.store.accounts.upsertForItem(item.id, fresh)))
      return 'ignored: item removed meanwhile';
  }
  const accounts: Pick<Account, 'id'>[] = [...fetched, ...plan.stale];

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
  const accountProducts = freshTypes.length === 1 ? `accounts(${freshTypes[0]})` : 'accounts';
  const products = [freshTypes.length > 0 && accountProducts, syncTransactions && 'transactions']
    .filter(Boolean)
    .join('+');
  return `synced ${products}: ${accounts.length} accounts, ${upserted.length} transactions`;
}

interface AccountPlan {
  /** What to ask Pluggy for: every account (undefined), one kind, or nothing. */
  fetch: AccountType | undefined | 'none';
  /** Stored accounts of a kind that failed this run, whose transactions are still fetched. */
  stale: Pick<Account, 'id'>[];
}

/**
 * Fetch only the fresh kind when the failed kind's rows are stored (they still say which accounts the fresh
 * transactions belong to). With none stored, ask for every account so no transactions are missed; only the
 * fresh kind is recorded either way.
 */
async function planAccounts(
  context: HandlerContext,
  itemId: string,
  freshTypes: AccountType[],
  syncTransactions: boolean,
): Promise<AccountPlan> {
  if (freshTypes.length === 2) return { fetch: undefined, stale: [] };
  const oneKind = freshTypes.length === 1 ? freshTypes[0] : 'none';
  if (!syncTransactions) return { fetch: oneKind, stale: [] };
  const stale = (await context.store.accounts.listForItem(itemId)).filter(
    (account) => !freshTypes.includes(account.type as AccountType),
  );
  return stale.length > 0 ? { fetch: oneKind, stale } : { fetch: undefined, stale: [] };
}
