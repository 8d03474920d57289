/**
 * The emulator's webhook module: Pluggy's webhook CRUD, delivery with the 5 s deadline and the 3+3+3 retry
 * schedule on the emulator clock, and the test controls (faults, delivery log). See docs/webhooks.md.
 */
import { randomUUID } from 'node:crypto';
import { createControlsRouter } from './controls-router.js';
import { createCrudRouter } from './crud-router.js';
import { createDeliveryLog } from './delivery-log.js';
import { createDispatcher } from './dispatcher.js';
import { createFaultQueue } from './fault-queue.js';
import { buildPayload } from './payload.js';
import { createWebhookRegistry, type Subscriber } from './webhook-registry.js';
import type { WebhookFaultControls, WebhookService, WebhookServiceOptions } from './webhook-service.js';

export { validateWebhookUrl } from './url-rules.js';
export { WebhookFaultError, type WebhookFault, type WebhookFaultMode } from './fault-queue.js';
export type { DeliveryFilter, DeliveryRecord, WebhookPayload } from './delivery-log.js';
export type * from './webhook-service.js';

/** Pluggy's deadline for a 2xx answer. */
const DELIVERY_TIMEOUT_MS = 5000;
const STOP_GRACE_MS = 1000;
const USER_AGENT = 'pluggy-kit-emulator-webhooks/1';

function requestHeaders(custom: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': USER_AGENT };
  for (const [name, value] of Object.entries(custom)) headers[name.toLowerCase()] = value;
  return headers;
}

export function createWebhookService(options: WebhookServiceOptions): WebhookService {
  const { clock } = options;
  const registry = createWebhookRegistry({ now: () => clock.now(), strictUrls: options.strictUrls });
  const log = createDeliveryLog();
  const faultQueue = createFaultQueue();
  const dispatcher = createDispatcher({
    clock,
    log,
    faults: faultQueue,
    timeoutMs: DELIVERY_TIMEOUT_MS,
    stopGraceMs: STOP_GRACE_MS,
  });
  let stopped = false;

  const faults: WebhookFaultControls = {
    add: (fault) => faultQueue.add(fault),
    list: () => faultQueue.list(),
    clear() {
      faultQueue.clear();
      dispatcher.releaseHeld();
    },
  };

  return {
    emit(event, fields, target) {
      if (stopped) return;
      const payload = buildPayload(event, fields, randomUUID());
      const body = JSON.stringify(payload);
      // Connector status is not owned by one application: every client subscribed to it hears about it.
      const clientId = event === 'connector/status_updated' ? null : target.clientId;
      const targets: Subscriber[] = registry.subscribers(event, clientId);
      // A per-item / per-token webhookUrl has no headers field at Pluggy.
      if (target.resourceWebhookUrl) targets.push({ url: target.resourceWebhookUrl, headers: {} });
      for (const { url, headers } of targets) {
        dispatcher.dispatch({
          eventId: payload.eventId,
          event,
          url,
          headers: requestHeaders(headers),
          body,
          payload,
        });
      }
    },
    router: createCrudRouter(registry),
    controls: createControlsRouter(faults, log),
    faults,
    deliveries: (filter) => log.list(filter),
    reset() {
      registry.clear();
      log.clear();
      faultQueue.clear();
      dispatcher.reset();
    },
    async stop() {
      stopped = true;
      await dispatcher.stop();
    },
  };
}
