/** What every event handler gets, and the steps several handlers share. */
import type { ChangeFeed, ChangeKind } from '../../changes.js';
import { PluggyApiError, type Item, type PluggyApi } from '../../pluggy/pluggy-api.js';
import { StoreError, type InboxEvent, type RecordedOwner, type Store } from '../../store/index.js';
import { isRefusedSandbox } from '../../domain/sandbox-policy.js';
import type { WebhookHooks } from '../hooks.js';
import type { WebhookLogger } from '../log.js';

export interface HandlerContext {
  store: Store;
  pluggy: PluggyApi;
  hooks: WebhookHooks;
  changes: ChangeFeed | undefined;
  logger: WebhookLogger;
  /** False in production: events of sandbox-connector items are ignored. */
  allowSandboxConnectors: boolean;
}

/** Handles one claimed event; resolves with the outcome recorded on the inbox row, throws to retry. */
export type EventHandler = (event: InboxEvent, context: HandlerContext) => Promise<string>;

/** Pluggy's current item, or `gone` when Pluggy answers 404 (deleted): that is an answer, not a failure to retry. */
export async function reReadItem(context: HandlerContext, itemId: string): Promise<Item | 'gone'> {
  try {
    return await context.pluggy.fetchItem(itemId);
  } catch (error) {
    if (error instanceof PluggyApiError && error.status === 404) return 'gone';
    throw error;
  }
}

export function publish(
  context: HandlerContext,
  userId: string,
  itemId: string,
  kind: ChangeKind,
  status?: string,
): void {
  context.changes?.publish(
    status === undefined ? { userId, itemId, kind } : { userId, itemId, kind, status },
  );
}

/** Deletes local data of an item Pluggy no longer has; tells the UI and the host app. */
export async function forgetItem(context: HandlerContext, itemId: string): Promise<string> {
  const owner = await context.store.items.ownerOf(itemId);
  if (!owner) {
    context.logger.info({ itemId }, 'webhook ignored: item unknown here and gone at Pluggy');
    return 'ignored: item not found';
  }
  // DELETE /items/:id may have removed it meanwhile; it then told the UI and ran the hook itself.
  if (!(await context.store.items.remove(itemId))) return 'ignored: item removed meanwhile';
  publish(context, owner, itemId, 'deleted');
  await context.hooks.onItemDeleted?.({ userId: owner, itemId });
  return 'deleted';
}

export type Ownership = { owner: string } | { outcome: string };

/**
 * Who owns an item Pluggy re-read: its recorded owner, or else its `clientUserId` when this server minted a
 * connect token for that user (the item is then recorded for them, ahead of the browser's POST /items).
 * Any other `clientUserId` came from a token minted elsewhere (another app on the same Pluggy credentials,
 * a script): that item is not ours.
 */
export async function ownerOfReRead(context: HandlerContext, item: Item): Promise<Ownership> {
  if (isRefusedSandbox(item.connector, context.allowSandboxConnectors))
    return ignoreSandbox(context, item.id, item.connector.id);
  const recorded = await context.store.items.ownerOf(item.id);
  if (recorded) return { owner: recorded };
  const clientUserId = item.clientUserId;
  if (!clientUserId) {
    context.logger.info(
      { itemId: item.id },
      'webhook ignored: item has no clientUserId and is not recorded here',
    );
    return { outcome: 'ignored: item not ours' };
  }
  if (!(await context.store.tokenUsers.has(clientUserId))) {
    context.logger.info(
      { itemId: item.id },
      'webhook ignored: item made for a user this server never minted a connect token for',
    );
    return { outcome: 'ignored: item not ours' };
  }
  try {
    await context.store.items.recordOwnership(clientUserId, item);
  } catch (error) {
    // Recorded meanwhile for someone else (Pluggy's clientUserId changed): the recorded owner stands.
    if (!(error instanceof StoreError && error.code === 'ITEM_OWNED_BY_ANOTHER_USER')) throw error;
    return ownerOfReRead(context, item);
  }
  return { owner: clientUserId };
}

/** Whether a recorded row's item is refused as a sandbox one; an old row without the flag cannot say. */
export function isRefusedRecordedSandbox(recorded: RecordedOwner, context: HandlerContext): boolean {
  return isRefusedSandbox({ isSandbox: recorded.isSandbox === true }, context.allowSandboxConnectors);
}

export function ignoreSandbox(
  context: HandlerContext,
  itemId: string,
  connectorId?: number,
): { outcome: string } {
  context.logger.info(
    connectorId === undefined ? { itemId } : { itemId, connectorId },
    'webhook ignored: sandbox connector, and sandbox connectors are not allowed (production)',
  );
  return { outcome: 'ignored: sandbox connector' };
}

/**
 * The owner of an item an event names: recorded, or adopted after re-reading it (see `ownerOfReRead`).
 * With sandbox connectors refused, a recorded sandbox item (recorded while they were allowed) is ignored
 * too; a row too old to say is settled by one re-read, which is saved so the next event needs none.
 */
export async function resolveOwner(context: HandlerContext, itemId: string): Promise<Ownership> {
  const recorded = await context.store.items.recordedOwner(itemId);
  if (recorded && isRefusedRecordedSandbox(recorded, context)) return ignoreSandbox(context, itemId);
  // A row without the flag is trusted only while sandbox connectors are allowed; else one re-read settles it.
  if (recorded && (recorded.isSandbox !== null || context.allowSandboxConnectors))
    return { owner: recorded.userId };
  const item = await reReadItem(context, itemId);
  if (item === 'gone') return { outcome: await forgetItem(context, itemId) };
  if (recorded) await context.store.items.settleSandboxFlag(itemId, item.connector.isSandbox === true);
  return ownerOfReRead(context, item);
}
