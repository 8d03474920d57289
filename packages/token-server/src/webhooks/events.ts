/**
 * The webhook deliveries this server acts on, validated at the edge. The payload is only a hint: handlers
 * re-read state from Pluggy, so only the fields that say *what* to re-read are required.
 */
import { z } from 'zod';

export const HANDLED_EVENTS = [
  'item/created',
  'item/updated',
  'item/login_succeeded',
  'item/error',
  'item/waiting_user_input',
  'item/waiting_user_action',
  'item/deleted',
  'transactions/created',
  'transactions/updated',
  'transactions/deleted',
  'connector/status_updated',
] as const;

export type HandledEvent = (typeof HANDLED_EVENTS)[number];

// Ids become row keys: a control character (PostgreSQL refuses NUL in text) would fail the insert, and with
// it the other deliveries sharing that commit (inbox-batcher.ts), so it is a 400 here.
const isControlCharacter = (char: string) => {
  const code = char.codePointAt(0)!;
  return code < 0x20 || code === 0x7f;
};
const printable = () =>
  z
    .string()
    .min(1)
    .max(200)
    .refine((value) => ![...value].some(isControlCharacter), 'no control characters');
const id = printable();

/** Every delivery: Pluggy's idempotency key and the event name. Other fields pass through untouched. */
export const deliveryEnvelope = z.looseObject({ eventId: id, event: printable() });

const itemEvent = z.looseObject({ itemId: id });

const eventSchemas: Record<HandledEvent, z.ZodType> = {
  'item/created': itemEvent,
  'item/updated': itemEvent,
  'item/login_succeeded': itemEvent,
  'item/error': itemEvent,
  'item/waiting_user_input': itemEvent,
  'item/waiting_user_action': itemEvent,
  'item/deleted': itemEvent,
  'transactions/created': z.looseObject({
    itemId: id,
    accountId: id,
    createdTransactionsLink: z.string().min(1).optional(),
    transactionsCreatedAtFrom: z.string().min(1).optional(),
  }),
  'transactions/updated': z.looseObject({ itemId: id, accountId: id, transactionIds: z.array(id).min(1) }),
  'transactions/deleted': z.looseObject({ itemId: id, accountId: id, transactionIds: z.array(id).min(1) }),
  'connector/status_updated': z.looseObject({
    id: z.union([id, z.number()]).optional(),
    connectorId: z.union([id, z.number()]).optional(),
    data: z.looseObject({ status: z.string().min(1) }),
  }),
};

export function isHandledEvent(event: string): event is HandledEvent {
  return (HANDLED_EVENTS as readonly string[]).includes(event);
}

export function validateHandledEvent(event: HandledEvent, body: unknown) {
  return eventSchemas[event].safeParse(body);
}

export interface TransactionsCreatedPayload {
  itemId: string;
  accountId: string;
  createdTransactionsLink?: string;
  transactionsCreatedAtFrom?: string;
}

export interface TransactionIdsPayload {
  itemId: string;
  accountId: string;
  transactionIds: string[];
}

export interface ConnectorStatusPayload {
  id?: string | number;
  connectorId?: string | number;
  data: { status: string };
}
