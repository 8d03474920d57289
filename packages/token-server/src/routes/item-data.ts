/** GET /items/:id/accounts and /items/:id/transactions: data synced into the store, for the owner only. */
import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import { itemNotFound } from '../http/http-error.js';
import { userIdOf } from '../http/require-user.js';
import { parseInput } from '../http/validation.js';
import { itemIdParam } from './ids.js';
import type { RouteContext } from './route-context.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');
const transactionQuery = z
  .object({
    from: day.optional(),
    to: day.optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict()
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    message: '`from` must not be after `to`',
    path: ['from'],
  });

export function itemDataRoutes(context: RouteContext): Router {
  const router = express.Router();

  async function ownedItemId(res: Response, rawId: unknown): Promise<string> {
    const itemId = itemIdParam(rawId);
    if (!(await context.store().items.findOwned(userIdOf(res), itemId))) throw itemNotFound();
    return itemId;
  }

  router.get('/items/:id/accounts', async (req, res) => {
    const itemId = await ownedItemId(res, req.params.id);
    res.status(200).json({ results: await context.store().accounts.listForItem(itemId) });
  });

  router.get('/items/:id/transactions', async (req, res) => {
    const query = parseInput(transactionQuery, req.query, 'transaction query');
    const itemId = await ownedItemId(res, req.params.id);
    res.status(200).json(await context.store().transactions.listForItem(itemId, query));
  });

  return router;
}
