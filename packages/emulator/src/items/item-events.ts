/** The item/* and transactions/* webhook events with the payload fields of pluggy.md §5.3. */
import type { EmulatorContext } from '../context.js';
import type { WebhookEventName } from '../webhooks/index.js';
import type { ItemRecord } from './item-record.js';

type ItemEvent = Extract<WebhookEventName, `item/${string}`>;

const targetOf = (item: ItemRecord) => ({ clientId: item.clientId, resourceWebhookUrl: item.webhookUrl });

export function emitItemEvent(ctx: EmulatorContext, item: ItemRecord, event: ItemEvent): void {
  ctx.webhooks.emit(
    event,
    {
      itemId: item.id,
      triggeredBy: item.triggeredBy,
      clientUserId: item.clientUserId,
      ...(event === 'item/error' && item.error
        ? { error: { code: item.error.code, message: item.error.message } }
        : {}),
    },
    targetOf(item),
  );
}

export function emitTransactionsCreated(
  ctx: EmulatorContext,
  item: ItemRecord,
  accountId: string,
  createdAtFrom: string,
): void {
  const query = new URLSearchParams({ accountId, createdAtFrom });
  ctx.webhooks.emit(
    'transactions/created',
    {
      itemId: item.id,
      accountId,
      transactionsCreatedAtFrom: createdAtFrom,
      createdTransactionsLink: `${ctx.apiUrl()}/transactions?${query.toString()}`,
    },
    targetOf(item),
  );
}

export function emitTransactionsChanged(
  ctx: EmulatorContext,
  item: ItemRecord,
  event: 'transactions/updated' | 'transactions/deleted',
  accountId: string,
  transactionIds: string[],
): void {
  ctx.webhooks.emit(
    event,
    { itemId: item.id, clientId: item.clientId, accountId, transactionIds },
    targetOf(item),
  );
}
