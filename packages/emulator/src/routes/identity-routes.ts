/** `GET /identity?itemId=` and `GET /identity/{id}`. */
import express, { type Router } from 'express';
import { requireApiKey } from '../auth/auth-context.js';
import type { EmulatorContext } from '../context.js';
import { ApiError } from '../errors.js';
import { itemFromQuery } from './item-scope.js';

export function createIdentityRoutes(ctx: EmulatorContext): Router {
  const router = express.Router();

  router.get('/identity', (req, res) => {
    requireApiKey(res);
    const identity = ctx.data.identityOf(itemFromQuery(ctx, res, req.query.itemId).id);
    if (!identity) throw new ApiError(404, 'Identity not found');
    res.status(200).json(identity);
  });

  router.get('/identity/:id', (req, res) => {
    const { clientId } = requireApiKey(res);
    const identity = ctx.items
      .all()
      .filter((item) => item.clientId === clientId)
      .map((item) => ctx.data.identityOf(item.id))
      .find((candidate) => candidate?.id === req.params.id);
    if (!identity) throw new ApiError(404, 'Identity not found');
    res.status(200).json(identity);
  });

  return router;
}
