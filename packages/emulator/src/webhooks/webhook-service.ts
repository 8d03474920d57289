/**
 * Contract of the emulator's webhook module (implemented in this folder).
 * The item state machine calls `emit`; the app mounts `router` at `/webhooks` (behind API-key auth,
 * which leaves `res.locals.auth = { kind: 'apiKey', clientId }`) and `controls` under `/__emulator`.
 */
import type { Router } from 'express';
import type { EmulatorClock } from '../clock.js';

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

export interface WebhookService {
  /** Builds the payload (adds `event`, a fresh `eventId`, deprecated `id`) and schedules delivery. */
  emit(event: WebhookEventName, fields: Record<string, unknown>, target: EmitTarget): void;
  router: Router;
  controls: Router;
  reset(): void;
  stop(): Promise<void>;
}

/** Returns an error message when `url` breaks the URL rules in force, or null when it is acceptable. */
export type ValidateWebhookUrl = (url: string, strict: boolean) => string | null;
