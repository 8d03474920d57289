/**
 * `POST|GET|PATCH|DELETE /webhooks` as Pluggy serves them. Mounted by the app behind API-key auth,
 * which identifies the Pluggy application in `res.locals.auth.clientId`.
 */
import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import { WebhookApiError, detailsFromZod, webhookErrorHandler } from './api-error.js';
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

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success)
    throw new WebhookApiError(400, 'Invalid webhook parameters', detailsFromZod(result.error));
  return result.data;
}

function clientIdOf(res: Response): string {
  const clientId: unknown = res.locals.auth?.clientId;
  if (typeof clientId !== 'string') throw new WebhookApiError(401, 'Missing or invalid X-API-KEY');
  return clientId;
}

export function createCrudRouter(registry: WebhookRegistry): Router {
  const router = express.Router();
  // Skipped by body-parser when the app already parsed the body.
  router.use(express.json({ limit: '100kb' }));

  router.post('/', (req, res) => {
    const input = parseBody(createSchema, req.body);
    res.status(200).json(registry.create(clientIdOf(res), input));
  });

  router.get('/', (_req, res) => {
    const results = registry.list(clientIdOf(res));
    res.status(200).json({ results, page: 1, total: results.length, totalPages: 1 });
  });

  router.get('/:id', (req, res) => {
    res.status(200).json(registry.get(clientIdOf(res), req.params.id));
  });

  router.patch('/:id', (req, res) => {
    const changes = parseBody(updateSchema, req.body);
    res.status(200).json(registry.update(clientIdOf(res), req.params.id, changes));
  });

  router.delete('/:id', (req, res) => {
    res.status(200).json(registry.remove(clientIdOf(res), req.params.id));
  });

  router.use(webhookErrorHandler);

  return router;
}
