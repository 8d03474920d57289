/** `GET /investments?itemId=&type=&page=&pageSize=` and `GET /investments/{id}`. */
import express, { type Router } from 'express';
import { requireApiKey } from '../auth/auth-context.js';
import type { EmulatorContext } from '../context.js';
import { ApiError } from '../errors.js';
import { itemFromQuery } from './item-scope.js';
import { pageOf, queryInteger, queryString } from './validate.js';

export function createInvestmentRoutes(ctx: EmulatorContext): Router {
  const router = express.Router();

  router.get('/investments', (req, res) => {
    requireApiKey(res);
    const item = itemFromQuery(ctx, res, req.query.itemId);
    const type = queryString(req.query.type);
    const investments = ctx.data
      .investmentsOf(item.id)
      .filter((investment) => !type || investment.type === type);
    const page = queryInteger(req.query.page, 'page', 1, 100_000) ?? 1;
    const pageSize = queryInteger(req.query.pageSize, 'pageSize', 1, 500) ?? 20;
    res.status(200).json(pageOf(investments, page, pageSize));
  });

  router.get('/investments/:id', (req, res) => {
    const { clientId } = requireApiKey(res);
    const investment = ctx.data.investment(req.params.id);
    if (!investment || ctx.items.find(investment.itemId)?.clientId !== clientId) {
      throw new ApiError(404, 'Investment not found');
    }
    res.status(200).json(investment);
  });

  return router;
}
