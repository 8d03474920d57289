/** GET /items/:id/accounts and /items/:id/transactions: data synced into the store, for the owner only. */
import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import { itemNotFound } from '../http/http-error.js';
import { userIdOf } from '../http/require-user.js';
import { parseInput } from '../http/validation.js';
import { itemIdParam } from './ids.js';
import type { RouteContext } from './route-context.js';

// A real calendar day (2025-02-30 is refused, not rolled over into March).
const day = z.iso.date({ message: 'use a real date as YYYY-MM-DD' });
// Plain decimal digits only: Number() would also take '1e3', '0x10' or ' 2'.
const whole = (max: number, fallback: number) =>
  z
    .string()
    .regex(/^[1-9]\d{0,8}$/, 'use a whole number from 1')
    .transform(Number)
    .pipe(z.number().max(max))
    .default(fallback);
const transactionQuery = z
  .object({
    from: day.optional(),
    to: day.optional(),
    page: whole(100_000, 1),
    pageSize: whole(500, 50),
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
