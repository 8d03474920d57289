/**
 * `GET /transactions` (v1, page envelope, pageSize 20 by default and at most 500), `GET /transactions/{id}`
 * and `GET /v2/transactions` (cursor; `next` is relative: `/v2/transactions?accountId=...&after=<cursor>`).
 * With the v1 deprecation control on, the v1 list answers 410 `ENDPOINT_DEPRECATED` as Pluggy does for some keys.
 */
import express, { type Response, type Router } from 'express';
import { requireApiKey } from '../auth/auth-context.js';
import type { EmulatorContext } from '../context.js';
import {
  afterCursor,
  decodeCursor,
  encodeCursor,
  filterTransactions,
  parseDateParam,
  parseIds,
} from '../data/transaction-query.js';
import { v1TransactionsDeprecated } from '../deprecations.js';
import { ApiError } from '../errors.js';
import { accountById, requiredQuery } from './item-scope.js';
import { pageOf, queryInteger, queryList, queryString } from './validate.js';

const V1_DEFAULT_PAGE_SIZE = 20;
const V2_DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 500;

function accountTransactions(ctx: EmulatorContext, res: Response, accountIdParam: unknown) {
  requireApiKey(res);
  const account = accountById(ctx, res, requiredQuery(accountIdParam, 'accountId'));
  return ctx.data.transactionsOf(account.id);
}

export function createTransactionRoutes(ctx: EmulatorContext): Router {
  const router = express.Router();

  router.get('/transactions', (req, res) => {
    requireApiKey(res);
    if (ctx.deprecations.current().v1Transactions) throw v1TransactionsDeprecated();
    const all = accountTransactions(ctx, res, req.query.accountId);
    const filtered = filterTransactions(all, {
      from: parseDateParam(queryString(req.query.from), 'from'),
      toExclusive: parseDateParam(queryString(req.query.to), 'to', true),
      createdAtFrom: parseDateParam(queryString(req.query.createdAtFrom), 'createdAtFrom'),
      ids: parseIds(queryList(req.query.ids)),
    });
    const page = queryInteger(req.query.page, 'page', 1, 1_000_000) ?? 1;
    const pageSize = queryInteger(req.query.pageSize, 'pageSize', 1, MAX_PAGE_SIZE) ?? V1_DEFAULT_PAGE_SIZE;
    res.status(200).json(pageOf(filtered, page, pageSize));
  });

  router.get('/transactions/:id', (req, res) => {
    const { clientId } = requireApiKey(res);
    const found = ctx.data.transaction(req.params.id);
    if (!found || ctx.items.find(found.itemId)?.clientId !== clientId)
      throw new ApiError(404, 'Transaction not found');
    res.status(200).json(found.transaction);
  });

  router.get('/v2/transactions', (req, res) => {
    const all = accountTransactions(ctx, res, req.query.accountId);
    const dateFrom = queryString(req.query.dateFrom);
    const createdAtFrom = queryString(req.query.createdAtFrom);
    if (dateFrom !== undefined && createdAtFrom !== undefined) {
      throw new ApiError(400, 'dateFrom and createdAtFrom cannot be combined', undefined, [
        {
          code: 'invalid_value',
          parameter: 'createdAtFrom',
          message: 'Use either dateFrom or createdAtFrom',
        },
      ]);
    }
    const filtered = filterTransactions(all, {
      from: parseDateParam(dateFrom, 'dateFrom'),
      toExclusive: parseDateParam(queryString(req.query.dateTo), 'dateTo', true),
      createdAtFrom: parseDateParam(createdAtFrom, 'createdAtFrom'),
      ids: parseIds(queryList(req.query.ids)),
    });
    const after = queryString(req.query.after);
    const remaining = after === undefined ? filtered : afterCursor(filtered, decodeCursor(after));
    const pageSize = queryInteger(req.query.pageSize, 'pageSize', 1, MAX_PAGE_SIZE) ?? V2_DEFAULT_PAGE_SIZE;
    const results = remaining.slice(0, pageSize);
    const last = results[results.length - 1];
    let next: string | null = null;
    if (last && remaining.length > pageSize) {
      const query = new URLSearchParams();
      for (const [name, value] of Object.entries(req.query)) {
        if (name !== 'after' && typeof value === 'string') query.set(name, value);
      }
      query.set('after', encodeCursor(last));
      next = `/v2/transactions?${query.toString()}`;
    }
    res.status(200).json({ results, next });
  });

  return router;
}
