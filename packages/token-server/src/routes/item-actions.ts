/**
 * POST /items/:id/refresh (a user-requested sync: PATCH at Pluggy) and DELETE /items/:id (delete at
 * Pluggy, then every local row: revoked consent means the data is gone). Owner only.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { toItemView } from '../domain/item-view.js';
import { HttpError, itemNotFound } from '../http/http-error.js';
import { parseInput } from '../http/validation.js';
import { userIdOf } from '../http/require-user.js';
import { PluggyApiError } from '../pluggy/pluggy-api.js';
import { itemIdParam } from './ids.js';
import type { RouteContext } from './route-context.js';

/** Neither action takes options: any field sent is a mistake worth a 400, not something silently ignored. */
const noOptions = z.object({}).strict();

// Pluggy's one 400 that means "busy" (pluggy.md §3.1, the emulator's exact text): "An update is already in
// progress, wait until the last execution ends". It carries no codeDescription, so the message decides.
const UPDATE_IN_PROGRESS = /an update is already in progress/i;

function refreshError(error: unknown, context: RouteContext, itemId: string): unknown {
  if (!(error instanceof PluggyApiError)) return error;
  if (error.status === 400 && UPDATE_IN_PROGRESS.test(error.message))
    return new HttpError(
      409,
      'ITEM_ALREADY_UPDATING',
      'This connection is already syncing; wait for it to finish.',
    );
  if (error.status === 400 && error.codeDescription === 'CONNECTOR_OFFLINE')
    // pluggy.md §2.2: an OFFLINE connector refuses every connection; the item view says retry_later too.
    return new HttpError(
      503,
      'CONNECTOR_OFFLINE',
      "This bank's connection is offline at Pluggy right now; try again later.",
    );
  if (error.status === 400) {
    // Any other refusal (validation, a disabled feature...): Pluggy's words stay in the server's log.
    context.logger.warn(
      { itemId, codeDescription: error.codeDescription, cause: error.message },
      'Pluggy refused to start a sync',
    );
    return new HttpError(
      502,
      'PLUGGY_REJECTED',
      'Pluggy refused to start a sync of this connection; reconnect it or try again later.',
    );
  }
  if (error.status === 429) {
    return new HttpError(
      429,
      'RATE_LIMITED',
      'Pluggy allows only a few syncs per minute for a connection; try again later.',
      undefined,
      { 'Retry-After': String(error.retryAfterSeconds ?? 60) },
    );
  }
  if (error.status === 404) return itemNotFound();
  return error;
}

/** The deletion is done and cannot be retried from here: a failing hook is logged, the answer stays 200. */
async function announceDeletion(context: RouteContext, userId: string, itemId: string): Promise<void> {
  try {
    await context.hooks.onItemDeleted?.({ userId, itemId });
  } catch (error) {
    context.logger.error({ err: error, itemId }, 'onItemDeleted hook failed after DELETE /items/:id');
  }
}

export function itemActionRoutes(context: RouteContext): Router {
  const router = express.Router();

  router.post('/items/:id/refresh', context.limits.refreshByUser, async (req, res) => {
    parseInput(noOptions, req.body ?? {}, 'refresh request');
    const userId = userIdOf(res);
    const itemId = itemIdParam(req.params.id);
    const store = context.store();
    if (!(await store.items.findOwned(userId, itemId))) throw itemNotFound();
    const item = await context.pluggy.updateItem(itemId).catch((error: unknown) => {
      throw refreshError(error, context, itemId);
    });
    await store.items.upsertFromPluggy(item);
    const stored = await store.items.findOwned(userId, itemId);
    if (!stored) throw itemNotFound();
    context.changes.publish({ userId, itemId, kind: 'updated', status: stored.status });
    res.status(200).json(toItemView(stored));
  });

  router.delete('/items/:id', async (req, res) => {
    parseInput(noOptions, req.body ?? {}, 'delete request');
    const userId = userIdOf(res);
    const itemId = itemIdParam(req.params.id);
    const store = context.store();
    if (!(await store.items.findOwned(userId, itemId))) throw itemNotFound();
    try {
      await context.pluggy.deleteItem(itemId);
    } catch (error) {
      // Already gone at Pluggy: the local copy must go too. Any other failure keeps it, to try again.
      if (!(error instanceof PluggyApiError && error.status === 404)) throw error;
    }
    // Pluggy's item/deleted webhook may have removed it first: then the worker told the UI and the host.
    if (await store.items.remove(itemId)) {
      context.changes.publish({ userId, itemId, kind: 'deleted' });
      await announceDeletion(context, userId, itemId);
    }
    res.status(200).json({ deleted: true, itemId });
  });

  return router;
}
