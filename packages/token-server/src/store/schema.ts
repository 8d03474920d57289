/**
 * Table shapes as the database sees them. Dates are ISO-8601 text (`YYYY-MM-DDTHH:mm:ss.sssZ`), which sorts
 * correctly as text on both SQLite and PostgreSQL; inbox times are epoch milliseconds (bigint).
 */
import type { Generated } from 'kysely';

export interface ItemsTable {
  id: string;
  user_id: string;
  connector_id: number;
  connector_name: string;
  connector_image_url: string | null;
  connector_primary_color: string | null;
  /** 1 for Pluggy's sandbox connectors, 0 otherwise; null for rows recorded before migration 5. */
  connector_is_sandbox: number | null;
  status: string;
  execution_status: string;
  /** JSON `{code, message, providerMessage?}` or null. */
  error: string | null;
  /** JSON of Pluggy's `statusDetail`, or null. */
  status_detail: string | null;
  /** JSON array of product warnings flattened from `statusDetail`. */
  warnings: string;
  last_updated_at: string | null;
  next_auto_sync_at: string | null;
  created_at: string;
  /** Pluggy's `updatedAt`: an older re-read never overwrites a newer one. */
  updated_at: string;
  recorded_at: string;
}

export interface AccountsTable {
  id: string;
  item_id: string;
  type: string;
  subtype: string;
  name: string;
  marketing_name: string | null;
  number: string;
  balance: number;
  currency_code: string;
  owner: string | null;
  /** JSON `{taxNumber, bankData, creditData}`. */
  details: string;
  synced_at: string;
}

export interface TransactionsTable {
  id: string;
  item_id: string;
  account_id: string;
  date: string;
  description: string;
  amount: number;
  currency_code: string;
  type: string;
  status: string | null;
  category: string | null;
  balance: number | null;
  /** JSON of the remaining Pluggy fields (descriptionRaw, categoryId, merchant, paymentData, ...). */
  details: string;
  created_at: string;
  updated_at: string;
  synced_at: string;
}

export interface InboxTable {
  event_id: string;
  event: string;
  item_id: string | null;
  /** The delivery body as received (JSON text). */
  payload: string;
  status: string;
  attempts: Generated<number>;
  next_attempt_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_error: string | null;
  outcome: string | null;
  received_at: number;
  finished_at: number | null;
  /** The user whose per-token webhook URL delivered the event; null for a registered webhook. */
  scope_user_id: string | null;
}

export interface ConnectorStatusTable {
  connector_id: number;
  status: string;
  updated_at: string;
}

export interface ConnectTokenUsersTable {
  user_id: string;
  first_minted_at: string;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: string;
}

export interface Database {
  items: ItemsTable;
  accounts: AccountsTable;
  transactions: TransactionsTable;
  webhook_inbox: InboxTable;
  connector_status: ConnectorStatusTable;
  connect_token_users: ConnectTokenUsersTable;
  schema_migrations: SchemaMigrationsTable;
}
