/**
 * `POST|GET|PATCH|DELETE /webhooks` as Pluggy serves them. Mounted by the app behind API-key auth,
 * which identifies the Pluggy application in `res.locals.auth.clientId`.
 */
import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { pageOf, parseBody } from '../routes/validate.js';
import { WEBHOOK_EVENT_NAMES } from './event-names.js';
import type { WebhookRegistry } from './webhook-registry.js';

// RFC 9110 token characters, and a value without CR/LF/NUL, so Node can send the header on delivery.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[^\r\n\0]*$/;

const eventSchema = z.enum([...WEBHOOK_EVENT_NAMES, 'all']);
const headersSchema = z
  .record(
    z.string().regex(HEADER_NAME, 'header names must be HTTP tokens'),
    z.string().max(4096).regex(HEADER_VALUE, 'header values must not contain CR, LF or NUL'),
  )
  .nullable();

const createSchema = z.object({
  event: eventSchema,
  url: z.string().min(1).max(2048),
  headers: headersSchema.optional(),
});

const updateSchema = z.object({
  event: eventSchema.optional(),
  url: z.string().min(1).max(2048).optional(),
  headers: headersSchema.optional(),
  enabled: z.boolean().optional(),
});

function clientIdOf(res: Response): string {
  const clientId: unknown = res.locals.auth?.clientId;
  if (typeof clientId !== 'string') throw new ApiError(401, 'Missing or invalid X-API-KEY');
  return clientId;
}

/** Expects the app to have parsed JSON bodies and to turn thrown ApiErrors into Pluggy-shaped answers. */
export function createCrudRouter(registry: WebhookRegistry): Router {
  const router = express.Router();

  router.post('/', (req, res) => {
    const input = parseBody(createSchema, req.body, 'webhook parameters');
    res.status(200).json(registry.create(clientIdOf(res), input));
  });

  router.get('/', (_req, res) => {
    res.status(200).json(pageOf(registry.list(clientIdOf(res))));
  });

  router.get('/:id', (req, res) => {
    res.status(200).json(registry.get(clientIdOf(res), req.params.id));
  });

  router.patch('/:id', (req, res) => {
    const changes = parseBody(updateSchema, req.body, 'webhook parameters');
    res.status(200).json(registry.update(clientIdOf(res), req.params.id, changes));
  });

  router.delete('/:id', (req, res) => {
    res.status(200).json(registry.remove(clientIdOf(res), req.params.id));
  });

  return router;
}
