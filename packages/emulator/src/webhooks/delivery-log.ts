/** The record of every delivery attempt, read by tests through the controls. */
import type { WebhookFaultMode } from './fault-queue.js';
import type { WebhookEventName } from './webhook-service.js';

export interface WebhookPayload {
  event: WebhookEventName;
  eventId: string;
  id?: string;
  [field: string]: unknown;
}

export interface DeliveryRecord {
  eventId: string;
  event: WebhookEventName;
  url: string;
  /** 1..9 within the retry schedule; a duplicated attempt appears twice with the same number. */
  attempt: number;
  /** The receiver's HTTP status (or the injected one for a `fail` fault). */
  status?: number;
  /** Why no status was obtained: `TIMEOUT: ...`, `ECONNREFUSED: ...`, `ABORTED: ...`. */
  error?: string;
  /** Emulator-clock time the attempt started, `YYYY-MM-DDTHH:mm:ss.sssZ`. */
  at: string;
  /** Wall time the attempt took. */
  durationMs: number;
  /** The request headers sent (lower-case names), custom headers included. */
  headers: Record<string, string>;
  body: WebhookPayload;
  /** The injected fault that shaped this attempt, if any. */
  fault?: WebhookFaultMode;
}

export interface DeliveryFilter {
  eventId?: string | undefined;
  event?: string | undefined;
  url?: string | undefined;
}

export interface DeliveryLog {
  add(record: DeliveryRecord): void;
  list(filter?: DeliveryFilter): DeliveryRecord[];
  clear(): void;
}

/** Oldest records are dropped past this many, so a long demo session does not grow without bound. */
export const DELIVERY_LOG_LIMIT = 10_000;

export function createDeliveryLog(limit = DELIVERY_LOG_LIMIT): DeliveryLog {
  let records: DeliveryRecord[] = [];
  return {
    add(record) {
      records.push(record);
      if (records.length > limit) records.splice(0, records.length - limit);
    },
    list(filter = {}) {
      return records.filter(
        (record) =>
          (filter.eventId === undefined || record.eventId === filter.eventId) &&
          (filter.event === undefined || record.event === filter.event) &&
          (filter.url === undefined || record.url === filter.url),
      );
    },
    clear() {
      records = [];
    },
  };
}
