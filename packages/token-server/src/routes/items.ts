/**
 * The signed-in user's items: POST /items records a new one after the widget's success (only if Pluggy
 * says it was made for this user, with a token from this server), GET lists them and reads one. Someone
 * else's item is a 404, like an unknown one.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { toItemView } from '../domain/item-view.js';
import { isRefusedSandbox } from '../domain/sandbox-policy.js';
import { HttpError, itemNotFound } from '../http/http-error.js';
import { userIdOf } from '../http/require-user.js';
import { parseInput } from '../http/validation.js';
import { PluggyApiError } from '../pluggy/pluggy-api.js';
import { StoreError } from '../store/index.js';
import { enqueueItemSync } from '../webhooks/index.js';
import { itemIdParam, itemIdSchema } from './ids.js';
import type { RouteContext } from './route-context.js';

const recordSchema = z.object({ itemId: itemIdSchema }).strict();

export function itemRoutes(context: RouteContext): Router {
  const router = express.Router();

  router.post('/items', async (req, res) => {
    const { itemId } = parseInput(recordSchema, req.body ?? {}, 'item');
    const userId = userIdOf(res);
    const store = context.store();
    const item = await context.pluggy.fetchItem(itemId).catch((error: unknown) => {
      if (error instanceof PluggyApiError && (error.status === 404 || error.status === 403))
        throw itemNotFound();
      throw error;
    });
    // Ours only if Pluggy holds this user's id AND that id came from our tokens (not another app's).
    if (item.clientUserId !== userId || !(await store.tokenUsers.has(userId))) {
      context.logger.warn({ itemId }, 'item reported by a user it was not made for through this server');
      throw itemNotFound();
    }
    if (isRefusedSandbox(item.connector, context.allowSandboxConnectors)) {
      context.logger.warn({ itemId, connectorId: item.connector.id }, 'sandbox item refused (production)');
      throw new HttpError(
        422,
        'SANDBOX_CONNECTOR_NOT_ALLOWED',
        'This connection uses a Pluggy sandbox (test) bank, which this server does not accept.',
      );
    }
    try {
      await store.items.recordOwnership(userId, item);
    } catch (error) {
      if (error instanceof StoreError && error.code === 'ITEM_OWNED_BY_ANOTHER_USER') throw itemNotFound();
      throw error;
    }
    // Usually the item's webhooks got here first and already adopted and synced it. Queue a sync anyway
    // for when they have not (none configured, delayed, still being retried by Pluggy): a second sync only
    // re-reads and upserts the same rows.
    await enqueueItemSync(store, itemId);
    const stored = await store.items.findOwned(userId, itemId);
    if (!stored) throw itemNotFound();
    context.changes.publish({ userId, itemId, kind: 'updated', status: stored.status });
    res.status(200).json(toItemView(stored));
  });

  router.get('/items', async (_req, res) => {
    const items = await context.store().items.listOwned(userIdOf(res));
    res.status(200).json({ results: items.map(toItemView) });
  });

  router.get('/items/:id', async (req, res) => {
    const item = await context.store().items.findOwned(userIdOf(res), itemIdParam(req.params.id));
    if (!item) throw itemNotFound();
    res.status(200).json(toItemView(item));
  });

  return router;
}
