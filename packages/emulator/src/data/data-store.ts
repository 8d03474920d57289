/** The product data of every item, generated once per item from the emulator seed and the item id. */
import { hashSeed, seededRandom } from '../ids.js';
import { generateAccounts } from './generate-accounts.js';
import { generateIdentity } from './generate-identity.js';
import { generateInvestments } from './generate-investments.js';
import { generateTransactions } from './generate-transactions.js';
import { createOwner } from './owner.js';
import type { Account, Identity, Investment, ItemData, Transaction } from './types.js';

export interface GenerateInput {
  itemId: string;
  nowMs: number;
  business: boolean;
  products: string[];
  /** False when the accounts product failed (PARTIAL_SUCCESS): only the credit card is there. */
  includeChecking: boolean;
  perfMultiplier: number;
  transactionsCap: number;
}

export interface DataStore {
  /** Generates the item's data unless it already has some (an update keeps what the first sync found). */
  ensure(input: GenerateInput): ItemData;
  forItem(itemId: string): ItemData | undefined;
  account(id: string): Account | undefined;
  transaction(id: string): { transaction: Transaction; itemId: string } | undefined;
  transactionsOf(accountId: string): Transaction[];
  identityOf(itemId: string): Identity | null;
  investmentsOf(itemId: string): Investment[];
  investment(id: string): Investment | undefined;
  remove(itemId: string): void;
  clear(): void;
}

export function createDataStore(seed: number): DataStore {
  const byItem = new Map<string, ItemData>();
  const allAccounts = () => [...byItem.values()].flatMap((data) => data.accounts);

  return {
    ensure(input) {
      const existing = byItem.get(input.itemId);
      if (existing) return existing;
      const random = seededRandom(hashSeed(seed, input.itemId));
      const owner = createOwner(random, input.business);
      const accounts = generateAccounts({
        itemId: input.itemId,
        random,
        nowMs: input.nowMs,
        owner,
        includeChecking: input.includeChecking,
      });
      const wants = (product: string) => input.products.includes(product);
      const data: ItemData = {
        accounts,
        transactions: wants('TRANSACTIONS')
          ? accounts.flatMap((account) =>
              generateTransactions(
                { random, account, ingestedAtMs: input.nowMs },
                input.perfMultiplier,
                input.transactionsCap,
              ),
            )
          : [],
        identity: wants('IDENTITY') ? generateIdentity(input.itemId, owner, random, input.nowMs) : null,
        investments: wants('INVESTMENTS')
          ? generateInvestments(input.itemId, owner, random, input.nowMs)
          : [],
      };
      byItem.set(input.itemId, data);
      return data;
    },
    forItem: (itemId) => byItem.get(itemId),
    account: (id) => allAccounts().find((account) => account.id === id),
    transaction(id) {
      for (const [itemId, data] of byItem) {
        const transaction = data.transactions.find((t) => t.id === id);
        if (transaction) return { transaction, itemId };
      }
      return undefined;
    },
    transactionsOf(accountId) {
      for (const data of byItem.values()) {
        if (data.accounts.some((account) => account.id === accountId)) {
          return data.transactions.filter((t) => t.accountId === accountId);
        }
      }
      return [];
    },
    identityOf: (itemId) => byItem.get(itemId)?.identity ?? null,
    investmentsOf: (itemId) => byItem.get(itemId)?.investments ?? [],
    investment: (id) => [...byItem.values()].flatMap((data) => data.investments).find((i) => i.id === id),
    remove: (itemId) => void byItem.delete(itemId),
    clear: () => byItem.clear(),
  };
}
