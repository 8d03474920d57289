/**
 * An auto-sync of an updated item (`triggeredBy: SYNC`), run by the test control: per account it adds new
 * transactions, changes one and removes one, so transactions/created, /updated and /deleted all fire.
 */
import type { EmulatorContext } from '../context.js';
import { toIso } from '../dates.js';
import { applyRunningBalance, createTransaction } from '../data/generate-transactions.js';
import { cents } from '../data/money.js';
import { ApiError } from '../errors.js';
import { hashSeed, seededRandom } from '../ids.js';
import { AUTO_SYNC_INTERVAL_MS } from './execution.js';
import { emitItemEvent, emitTransactionsChanged, emitTransactionsCreated } from './item-events.js';
import { isRunning, type ItemRecord } from './item-record.js';

export interface SyncResult {
  created: string[];
  updated: string[];
  deleted: string[];
}

const NEW_PER_ACCOUNT = 2;

export function syncItem(ctx: EmulatorContext, item: ItemRecord): SyncResult {
  if (isRunning(item))
    throw new ApiError(409, 'The item is still running; sync it once it has finished', 'ITEM_RUNNING');
  const data = ctx.data.forItem(item.id);
  if (!data)
    throw new ApiError(409, 'The item has no synced data yet (it never reached UPDATED)', 'ITEM_NOT_SYNCED');

  const nowMs = ctx.clock.now();
  const now = toIso(nowMs);
  const random = seededRandom(hashSeed(ctx.settings.seed, item.id, now));
  const result: SyncResult = { created: [], updated: [], deleted: [] };
  const perAccount = new Map<string, SyncResult>();

  for (const account of data.accounts) {
    const changes: SyncResult = { created: [], updated: [], deleted: [] };
    const existing = data.transactions.filter((t) => t.accountId === account.id);
    const changed = existing[0];
    if (changed) {
      changed.status = 'POSTED';
      changed.amount = cents(changed.amount * 1.1);
      changed.description = `${changed.description} (AJUSTADO)`;
      changed.updatedAt = now;
      changes.updated.push(changed.id);
    }
    const removed = existing.length > 1 ? existing[existing.length - 1] : undefined;
    if (removed) {
      data.transactions.splice(data.transactions.indexOf(removed), 1);
      changes.deleted.push(removed.id);
    }
    for (let n = 0; n < NEW_PER_ACCOUNT; n += 1) {
      const transaction = createTransaction({ random, account, ingestedAtMs: nowMs }, 0);
      data.transactions.push(transaction);
      if (account.type === 'BANK') account.balance = cents(account.balance + transaction.amount);
      changes.created.push(transaction.id);
    }
    applyRunningBalance(
      account,
      data.transactions.filter((t) => t.accountId === account.id),
    );
    account.updatedAt = now;
    perAccount.set(account.id, changes);
    result.created.push(...changes.created);
    result.updated.push(...changes.updated);
    result.deleted.push(...changes.deleted);
  }

  item.triggeredBy = 'SYNC';
  item.updatedAt = now;
  item.lastUpdatedAt = now;
  item.nextAutoSyncAt = toIso(nowMs + AUTO_SYNC_INTERVAL_MS);
  emitItemEvent(ctx, item, 'item/updated');
  for (const [accountId, changes] of perAccount) {
    if (changes.created.length) emitTransactionsCreated(ctx, item, accountId, now);
    if (changes.updated.length)
      emitTransactionsChanged(ctx, item, 'transactions/updated', accountId, changes.updated);
    if (changes.deleted.length)
      emitTransactionsChanged(ctx, item, 'transactions/deleted', accountId, changes.deleted);
  }
  return result;
}
