/**
 * The registered webhooks of every client (Pluggy application), with Pluggy's rules: at most 5 per event
 * per client, URLs checked by the rules in force, custom headers kept but never shown back.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from '../errors.js';
import { validateWebhookUrl } from './url-rules.js';
import type { WebhookEventName } from './webhook-service.js';

export type SubscribableEvent = WebhookEventName | 'all';

export const MAX_WEBHOOKS_PER_EVENT = 5;

interface StoredWebhook {
  id: string;
  clientId: string;
  url: string;
  event: SubscribableEvent;
  headers: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  disabledAt: number | null;
}

/** What the API returns: Pluggy's Webhook object (headers are deliberately absent). */
export interface WebhookView {
  id: string;
  url: string;
  event: SubscribableEvent;
  createdAt: string;
  updatedAt: string;
  disabledAt: string | null;
}

export interface WebhookInput {
  event: SubscribableEvent;
  url: string;
  headers?: Record<string, string> | null | undefined;
}

export interface WebhookChanges {
  event?: SubscribableEvent | undefined;
  url?: string | undefined;
  headers?: Record<string, string> | null | undefined;
  enabled?: boolean | undefined;
}

/** A webhook that should receive an event, with the custom headers to send. */
export interface Subscriber {
  url: string;
  headers: Record<string, string>;
}

export interface WebhookRegistry {
  create(clientId: string, input: WebhookInput): WebhookView;
  list(clientId: string): WebhookView[];
  get(clientId: string, id: string): WebhookView;
  update(clientId: string, id: string, changes: WebhookChanges): WebhookView;
  remove(clientId: string, id: string): WebhookView;
  /** Enabled webhooks for `event` (or `all`); `clientId` null means every client's. */
  subscribers(event: WebhookEventName, clientId: string | null): Subscriber[];
  clear(): void;
}

const iso = (ms: number) => new Date(ms).toISOString();

function toView(hook: StoredWebhook): WebhookView {
  return {
    id: hook.id,
    url: hook.url,
    event: hook.event,
    createdAt: iso(hook.createdAt),
    updatedAt: iso(hook.updatedAt),
    disabledAt: hook.disabledAt === null ? null : iso(hook.disabledAt),
  };
}

export function createWebhookRegistry(options: { now: () => number; strictUrls: boolean }): WebhookRegistry {
  const hooks = new Map<string, StoredWebhook>();

  const find = (clientId: string, id: string): StoredWebhook => {
    const hook = hooks.get(id);
    if (!hook || hook.clientId !== clientId) throw new ApiError(404, `Webhook ${id} not found`);
    return hook;
  };

  const checkUrl = (url: string) => {
    const problem = validateWebhookUrl(url, options.strictUrls);
    if (problem) throw new ApiError(400, problem);
  };

  const checkRoomFor = (clientId: string, event: SubscribableEvent) => {
    let count = 0;
    for (const hook of hooks.values()) if (hook.clientId === clientId && hook.event === event) count++;
    if (count >= MAX_WEBHOOKS_PER_EVENT) {
      throw new ApiError(
        400,
        `Webhook limit reached: at most ${MAX_WEBHOOKS_PER_EVENT} webhooks per event ("${event}"); delete one first`,
      );
    }
  };

  return {
    create(clientId, input) {
      checkUrl(input.url);
      checkRoomFor(clientId, input.event);
      const now = options.now();
      const hook: StoredWebhook = {
        id: randomUUID(),
        clientId,
        url: input.url,
        event: input.event,
        headers: { ...input.headers },
        createdAt: now,
        updatedAt: now,
        disabledAt: null,
      };
      hooks.set(hook.id, hook);
      return toView(hook);
    },
    list(clientId) {
      return [...hooks.values()].filter((hook) => hook.clientId === clientId).map(toView);
    },
    get(clientId, id) {
      return toView(find(clientId, id));
    },
    update(clientId, id, changes) {
      const hook = find(clientId, id);
      if (changes.url !== undefined) checkUrl(changes.url);
      if (changes.event !== undefined && changes.event !== hook.event) checkRoomFor(clientId, changes.event);
      const now = options.now();
      if (changes.url !== undefined) hook.url = changes.url;
      if (changes.event !== undefined) hook.event = changes.event;
      if (changes.headers !== undefined) hook.headers = { ...changes.headers };
      if (changes.enabled === false && hook.disabledAt === null) hook.disabledAt = now;
      if (changes.enabled === true) hook.disabledAt = null;
      hook.updatedAt = now;
      return toView(hook);
    },
    remove(clientId, id) {
      const hook = find(clientId, id);
      hooks.delete(id);
      return toView(hook);
    },
    subscribers(event, clientId) {
      return [...hooks.values()]
        .filter((hook) => clientId === null || hook.clientId === clientId)
        .filter((hook) => hook.disabledAt === null && (hook.event === event || hook.event === 'all'))
        .map((hook) => ({ url: hook.url, headers: { ...hook.headers } }));
    },
    clear() {
      hooks.clear();
    },
  };
}
