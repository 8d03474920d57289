import type { HandledEvent } from '../events.js';
import type { EventHandler } from './context.js';
import { handleConnectorStatus } from './connector-status.js';
import { handleItemAttention, handleItemChanged, handleItemDeleted } from './item-state.js';
import {
  handleTransactionsCreated,
  handleTransactionsDeleted,
  handleTransactionsUpdated,
} from './transactions.js';

export const eventHandlers: Record<HandledEvent, EventHandler> = {
  'item/created': handleItemChanged,
  'item/updated': handleItemChanged,
  'item/login_succeeded': handleItemChanged,
  'item/error': handleItemAttention,
  'item/waiting_user_input': handleItemAttention,
  'item/waiting_user_action': handleItemAttention,
  'item/deleted': handleItemDeleted,
  'transactions/created': handleTransactionsCreated,
  'transactions/updated': handleTransactionsUpdated,
  'transactions/deleted': handleTransactionsDeleted,
  'connector/status_updated': handleConnectorStatus,
};

export type { EventHandler, HandlerContext } from './context.js';
