/** `GET /accounts?itemId=&type=` (page envelope) and `GET /accounts/{id}`; connect tokens may list their items' accounts. */
import express, { type Router } from 'express';
import { requireApiKey } from '../auth/auth-context.js';
import type { EmulatorContext } from '../context.js';
import { ApiError } from '../errors.js';
import { accountById, itemFromQuery } from './item-scope.js';
import { pageOf, queryString } from './validate.js';

export function createAccountRoutes(ctx: EmulatorContext): Router {
  const router = express.Router();

  router.get('/accounts', (req, res) => {
    const item = itemFromQuery(ctx, res, req.query.itemId);
    const type = queryString(req.query.type);
    if (type !== undefined && type !== 'BANK' && type !== 'CREDIT') {
      throw new ApiError(400, 'Query parameter type must be BANK or CREDIT', undefined, [
        { code: 'invalid_value', parameter: 'type', message: 'Expected BANK or CREDIT' },
      ]);
    }
    const accounts = (ctx.data.forItem(item.id)?.accounts ?? []).filter(
      (account) => !type || account.type === type,
    );
    res.status(200).json(pageOf(accounts));
  });

  router.get('/accounts/:id', (req, res) => {
    requireApiKey(res);
    res.status(200).json(accountById(ctx, res, req.params.id));
  });

  return router;
}
