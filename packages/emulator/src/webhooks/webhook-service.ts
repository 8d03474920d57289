/**
 * Contract of the emulator's webhook module (implemented in this folder).
 * The item state machine calls `emit`; the app mounts `router` at `/webhooks` (behind API-key auth,
 * which leaves `res.locals.auth = { kind: 'apiKey', clientId }`) and `controls` under `/__emulator`.
 */
import type { Router } from 'express';
import type { EmulatorClock } from '../clock.js';
import type { DeliveryFilter, DeliveryRecord } from './delivery-log.js';
import type { WebhookFault } from './fault-queue.js';

export type WebhookEventName =
  | 'item/created'
  | 'item/updated'
  | 'item/error'
  | 'item/deleted'
  | 'item/waiting_user_input'
  | 'item/waiting_user_action'
  | 'item/login_succeeded'
  | 'connector/status_updated'
  | 'transactions/created'
  | 'transactions/updated'
  | 'transactions/deleted';

export interface EmitTarget {
  /** The Pluggy application (client id) that owns the resource; its registered webhooks receive the event. */
  clientId: string;
  /** Per-resource subscription: the item's (or its connect token's) `webhookUrl`. */
  resourceWebhookUrl?: string | null;
}

export interface WebhookServiceOptions {
  clock: EmulatorClock;
  /** Pluggy's URL rules (HTTPS, port 443, domain host, no localhost) when true; dev rules also allow http loopback. */
  strictUrls: boolean;
}

/** In-process twin of `POST|DELETE /__emulator/webhooks/faults` (for `emu.controls`). */
export interface WebhookFaultControls {
  /** Queues a fault for the next `count` delivery attempts; throws WebhookFaultError (code INVALID_WEBHOOK_FAULT) on bad input. */
  add(fault: WebhookFault): void;
  /** Faults still pending, in the order they apply. */
  list(): WebhookFault[];
  /** Drops pending faults and sends any delivery held by `reorder` right away. */
  clear(): void;
}

export interface WebhookService {
  /**
   * Builds the payload (adds `event`, a fresh `eventId`, deprecated `id`) and schedules delivery to the
   * client's webhooks for the event (every client's for `connector/status_updated`) and to `resourceWebhookUrl`.
   */
  emit(event: WebhookEventName, fields: Record<string, unknown>, target: EmitTarget): void;
  router: Router;
  controls: Router;
  /** `emu.controls` webhook faults (same as the HTTP control). */
  faults: WebhookFaultControls;
  /** In-process twin of `GET /__emulator/webhooks/deliveries`: every attempt so far, oldest first. */
  deliveries(filter?: DeliveryFilter): DeliveryRecord[];
  /** Clears webhooks, the delivery log, faults and pending retries; in-flight POSTs are aborted and forgotten. */
  reset(): void;
  /** Cancels pending deliveries and waits (about 1 s at most) for in-flight ones before aborting them. */
  stop(): Promise<void>;
}

/** Returns an error message when `url` breaks the URL rules in force, or null when it is acceptable. */
export type ValidateWebhookUrl = (url: string, strict: boolean) => string | null;
