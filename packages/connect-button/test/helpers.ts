import type { PluggyConnectButton } from '../src/pluggy-connect-button.js';

let counter = 0;
/** A fresh key so the test routes count this test's requests only. */
export function uniqueKey(): string {
  counter += 1;
  return `${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 7)}`;
}

export function tokenUrl(key: string, mode = 'ok', extra = ''): string {
  return `/__token?key=${key}&mode=${mode}${extra}`;
}

export function callbackUrl(key: string, mode = 'ok'): string {
  return `/__callback?key=${key}&mode=${mode}`;
}

export interface ReceivedRequest {
  body: unknown;
  headers: Record<string, string | undefined>;
  /** Server time (ms) the request arrived. */
  at: number;
  /** Server time the client hung up before the answer was sent. */
  abortedAt?: number;
}

export async function tokenCalls(key: string): Promise<ReceivedRequest[]> {
  return (await fetch(`/__token/calls?key=${key}`)).json();
}

export async function callbackCalls(key: string): Promise<ReceivedRequest[]> {
  return (await fetch(`/__callback/calls?key=${key}`)).json();
}

export interface RecordedEvent {
  type: string;
  detail: Record<string, unknown>;
}

export const EVENT_TYPES = [
  'pluggy-open',
  'pluggy-close',
  'pluggy-success',
  'pluggy-error',
  'pluggy-event',
  'pluggy-hide',
];

/** Records every pluggy-* event that reaches `target` (events bubble and are composed). */
export function recordEvents(target: EventTarget): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  for (const type of EVENT_TYPES) {
    target.addEventListener(type, (event) => events.push({ type, detail: (event as CustomEvent).detail }));
  }
  return events;
}

export function innerButton(el: PluggyConnectButton): HTMLButtonElement {
  const button = el.shadowRoot?.querySelector('button');
  if (!button) throw new Error('no inner button');
  return button;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
