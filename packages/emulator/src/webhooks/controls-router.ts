/**
 * Test controls for deliveries, mounted by the app under `/__emulator` (no auth):
 * `POST|DELETE /webhooks/faults`, `GET /webhooks/deliveries?eventId=&event=&url=`.
 */
import express, { type Router } from 'express';
import { detailsFromZod, webhookErrorHandler } from './api-error.js';
import type { DeliveryLog } from './delivery-log.js';
import { webhookFaultSchema } from './fault-queue.js';
import type { WebhookFaultControls } from './webhook-service.js';

const queryValue = (value: unknown) => (typeof value === 'string' ? value : undefined);

export function createControlsRouter(faults: WebhookFaultControls, log: DeliveryLog): Router {
  const router = express.Router();
  router.use(express.json({ limit: '16kb' }));

  router.post('/webhooks/faults', (req, res) => {
    const parsed = webhookFaultSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      res
        .status(400)
        .json({ code: 400, message: 'Invalid webhook fault', details: detailsFromZod(parsed.error) });
      return;
    }
    faults.add(parsed.data);
    res.status(200).json({ faults: faults.list() });
  });

  router.delete('/webhooks/faults', (_req, res) => {
    faults.clear();
    res.status(200).json({ faults: faults.list() });
  });

  router.get('/webhooks/deliveries', (req, res) => {
    res.status(200).json(
      log.list({
        eventId: queryValue(req.query.eventId),
        event: queryValue(req.query.event),
        url: queryValue(req.query.url),
      }),
    );
  });

  router.use(webhookErrorHandler);
  return router;
}
