/** `GET /connectors` (filters, page envelope), `GET /connectors/{id}`, `POST /connectors/{id}/validate`. */
import express, { type Router } from 'express';
import { z } from 'zod';
import { requireApiKey } from '../auth/auth-context.js';
import type { EmulatorContext } from '../context.js';
import { validateParameters } from '../connectors/validate-parameters.js';
import { ApiError } from '../errors.js';
import { pageOf, parseBody, queryBoolean, queryInteger, queryList, queryString } from './validate.js';

const parametersSchema = z.record(z.string(), z.string());

export function connectorIdOf(text: string): number {
  if (!/^\d{1,9}$/.test(text)) throw new ApiError(404, `Connector ${text} not found`);
  return Number(text);
}

export function createConnectorRoutes(ctx: EmulatorContext): Router {
  const router = express.Router();

  router.get('/connectors', (req, res) => {
    const connectors = ctx.connectors.list({
      name: queryString(req.query.name),
      countries: queryList(req.query.countries),
      types: queryList(req.query.types),
      sandbox: queryBoolean(req.query.sandbox, 'sandbox') ?? false,
      isOpenFinance: queryBoolean(req.query.isOpenFinance, 'isOpenFinance'),
    });
    const page = queryInteger(req.query.page, 'page', 1, 100_000) ?? 1;
    const pageSize = queryInteger(req.query.pageSize, 'pageSize', 1, 500) ?? 500;
    res.status(200).json(pageOf(connectors, page, pageSize));
  });

  router.get('/connectors/:id', (req, res) => {
    res.status(200).json(ctx.connectors.get(connectorIdOf(req.params.id)));
  });

  router.post('/connectors/:id/validate', (req, res) => {
    requireApiKey(res);
    const connector = ctx.connectors.get(connectorIdOf(req.params.id));
    const parameters = parseBody(parametersSchema, req.body, 'parameters');
    res.status(200).json({ parameters, errors: validateParameters(connector, parameters) });
  });

  return router;
}
