/**
 * Which pending events one handler run answers as well as its own. Item events carry nothing but the item
 * id: their handlers re-read the item from Pluggy and record what it says now. So a re-read that starts
 * after such events were stored answers all of them, and a backlog of `item/updated` for one item costs one
 * sync, not one each (Pluggy sends several per connection and per auto-sync). The covered events are leased
 * before the re-read, so each was stored before Pluggy was asked: none is answered by a stale read.
 */
import type { HandledEvent } from './events.js';

const ITEM_ATTENTION: readonly HandledEvent[] = [
  'item/error',
  'item/waiting_user_input',
  'item/waiting_user_action',
];
/** Re-read, record, announce and, on a finished run, sync data: a superset of the attention handler. */
const ITEM_CHANGED: readonly HandledEvent[] = ['item/created', 'item/updated', 'item/login_succeeded'];

/** The event types a run of `event`'s handler also answers for the same item (none for other events). */
export function eventsCoveredBy(event: string): readonly HandledEvent[] {
  if ((ITEM_CHANGED as readonly string[]).includes(event)) return [...ITEM_CHANGED, ...ITEM_ATTENTION];
  if ((ITEM_ATTENTION as readonly string[]).includes(event)) return ITEM_ATTENTION;
  return [];
}
