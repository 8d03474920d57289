// The shapes the token server's routes return (see packages/token-server/README.md), and the element's
// typed events.

export type {
  PluggyErrorEvent,
  PluggySuccessEvent,
  PluggyWidgetEventEvent,
} from '@pluggy-kit/connect-button';

export type ItemAction = 'none' | 'wait' | 'reconnect' | 'answer_mfa' | 'retry_later';

export interface Item {
  id: string;
  connector: { id: number; name: string; imageUrl?: string; primaryColor?: string };
  status: string;
  executionStatus: string;
  error: { code: string; message: string } | null;
  lastUpdatedAt: string | null;
  nextAutoSyncAt: string | null;
  action: ItemAction;
}

export interface Account {
  id: string;
  name: string;
  balance: number;
  currencyCode: string;
}

export interface Transaction {
  id: string;
  accountId: string;
  description: string;
  /** Signed as the account's statement signs it: read the direction from `type`. */
  amount: number;
  /** DEBIT is money out, CREDIT money in. */
  type: 'DEBIT' | 'CREDIT';
  date: string;
  currencyCode: string;
}

/** A page of GET /api/items/:id/transactions, newest first. */
export interface TransactionPage {
  results: Transaction[];
  page: number;
  totalPages: number;
  total: number;
}

/** `event: item` on GET /api/events. */
export interface ItemEvent {
  itemId: string;
  kind: 'updated' | 'error' | 'deleted' | 'transactions';
  status?: string;
}

export interface SiteConfig {
  /** Overrides the widget page (the emulator's Connect page in the demo). */
  connectUrl?: string;
}
