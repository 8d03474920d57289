/** `POST /items`, `GET|PATCH|DELETE /items/{id}`, `POST /items/{id}/mfa`. */
import express, { type Router } from 'express';
import { authOf, requireApiKey } from '../auth/auth-context.js';
import type { EmulatorContext } from '../context.js';
import { assertConnectorOnline } from '../connectors/assert-online.js';
import { validateParameters } from '../connectors/validate-parameters.js';
import { ApiError } from '../errors.js';
import { TOO_MANY_REQUESTS_MESSAGE } from '../faults.js';
import { createItem } from '../items/create-item.js';
import { assertItemAccess } from '../items/item-access.js';
import { emitItemEvent } from '../items/item-events.js';
import { isRunning, itemView, type ItemRecord } from '../items/item-record.js';
import type { ItemExecution } from '../items/execution.js';
import { createItemSchema, mfaSchema, updateItemSchema } from './item-schemas.js';
import { parseBody } from './validate.js';
import { assertWebhookUrl } from './webhook-url.js';

export const UPDATE_IN_PROGRESS_MESSAGE =
  'An update is already in progress, wait until the last execution ends';

export function createItemRoutes(ctx: EmulatorContext, execution: ItemExecution): Router {
  const router = express.Router();
  const view = (item: ItemRecord) => itemView(item, ctx.connectors.get(item.connectorId));
  const accessibleItem = (res: express.Response, id: string) => {
    const item = ctx.items.get(id);
    assertItemAccess(authOf(res), item);
    return item;
  };

  router.post('/items', (req, res) => {
    const input = parseBody(createItemSchema, req.body, 'item');
    assertWebhookUrl(ctx, input.webhookUrl);
    const item = createItem(ctx, execution, authOf(res), input);
    res.status(200).json(view(item));
  });

  router.get('/items/:id', (req, res) => {
    res.status(200).json(view(accessibleItem(res, req.params.id)));
  });

  router.patch('/items/:id', (req, res) => {
    // Pluggy counts per endpoint and per source IP (pluggy.md §6): every attempt, whatever the item or key.
    const limit = ctx.patchLimiter.hit(req.ip ?? 'unknown');
    res.setHeader('RateLimit-Limit', String(limit.limit));
    res.setHeader('RateLimit-Remaining', String(limit.remaining));
    res.setHeader('RateLimit-Reset', String(limit.resetSeconds));
    if (!limit.allowed)
      throw new ApiError(429, TOO_MANY_REQUESTS_MESSAGE, undefined, undefined, { 'Retry-After': '60' });
    const item = accessibleItem(res, req.params.id);
    const input = parseBody(updateItemSchema, req.body, 'item update');
    if (isRunning(item)) throw new ApiError(400, UPDATE_IN_PROGRESS_MESSAGE);
    assertWebhookUrl(ctx, input.webhookUrl);
    const connector = ctx.connectors.get(item.connectorId);
    assertConnectorOnline(connector);
    const parameters = { ...item.parameters, ...input.parameters };
    const details = validateParameters(connector, parameters);
    if (details.length)
      throw new ApiError(400, 'Invalid parameters for the connector', 'CONNECTOR_VALIDATION_ERROR', details);
    item.parameters = parameters;
    if (input.webhookUrl !== undefined) item.webhookUrl = input.webhookUrl;
    if (input.clientUserId !== undefined && authOf(res).kind === 'apiKey')
      item.clientUserId = input.clientUserId;
    if (input.products) item.products = input.products;
    execution.start(item, 'update', authOf(res).kind === 'connectToken' ? 'USER' : 'CLIENT');
    res.status(200).json(view(item));
  });

  router.post('/items/:id/mfa', (req, res) => {
    const item = accessibleItem(res, req.params.id);
    const answer = parseBody(mfaSchema, req.body, 'MFA answer');
    if (item.status !== 'WAITING_USER_INPUT' || !item.parameter) {
      throw new ApiError(400, 'The item is not waiting for user input');
    }
    const value = answer[item.parameter.name];
    if (value === undefined || value === '') {
      throw new ApiError(400, `Missing the requested parameter "${item.parameter.name}"`, undefined, [
        {
          code: 'MISSING_PARAMETER',
          parameter: item.parameter.name,
          message: `${item.parameter.label} is required`,
        },
      ]);
    }
    execution.answerMfa(item, value);
    res.status(200).json(view(item));
  });

  router.delete('/items/:id', (req, res) => {
    requireApiKey(res);
    const item = accessibleItem(res, req.params.id);
    ctx.items.remove(item.id);
    ctx.data.remove(item.id);
    item.triggeredBy = 'CLIENT';
    emitItemEvent(ctx, item, 'item/deleted');
    res.status(200).json({ count: 1 });
  });

  return router;
}
