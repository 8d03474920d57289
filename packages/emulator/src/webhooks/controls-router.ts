/**
 * Test controls for deliveries, mounted by the app under `/__emulator` (no auth):
 * `POST|DELETE /webhooks/faults`, `GET /webhooks/deliveries?eventId=&event=&url=`.
 * Thrown ApiErrors (bad fault, malformed JSON) reach the app's error handler.
 */
import express, { type Router } from 'express';
import { parseBody, queryString } from '../routes/validate.js';
import type { DeliveryLog } from './delivery-log.js';
import { webhookFaultSchema } from './fault-queue.js';
import type { WebhookFaultControls } from './webhook-service.js';

export function createControlsRouter(faults: WebhookFaultControls, log: DeliveryLog): Router {
  const router = express.Router();

  // Parser scoped to this route: the app mounts this router ahead of its other controls.
  router.post('/webhooks/faults', express.json({ limit: '16kb' }), (req, res) => {
    faults.add(parseBody(webhookFaultSchema, req.body, 'webhook fault'));
    res.status(200).json({ faults: faults.list() });
  });

  router.delete('/webhooks/faults', (_req, res) => {
    faults.clear();
    res.status(200).json({ faults: faults.list() });
  });

  router.get('/webhooks/deliveries', (req, res) => {
    res.status(200).json(
      log.list({
        eventId: queryString(req.query.eventId),
        event: queryString(req.query.event),
        url: queryString(req.query.url),
      }),
    );
  });

  return router;
}
