/**
 * The seam between the token server's domain code and Pluggy. `createPluggyClient` (pluggy-client.ts)
 * implements it over HTTP; domain code (routes, webhook handlers) depends only on this interface.
 * Types come from the official `pluggy-sdk` so they track Pluggy's own definitions.
 */
import type { Account, AccountType, Item, Transaction, Webhook, WebhookEvent } from 'pluggy-sdk';

export type { Account, AccountType, Item, Transaction, Webhook, WebhookEvent };

export interface ConnectTokenRequest {
  /** Scope the token to an existing item (update mode). */
  itemId?: string;
  /** The signed-in user's id, from getUser(req); never from a request body. */
  clientUserId: string;
  /** Set by the server: where Pluggy delivers this token's item events. */
  webhookUrl?: string;
  oauthRedirectUri?: string;
  avoidDuplicates?: boolean;
}

export interface TransactionFilters {
  /** YYYY-MM-DD */
  from?: string;
  /** YYYY-MM-DD */
  to?: string;
  /** ISO date-time: only transactions Pluggy ingested at or after it. */
  createdAtFrom?: string;
  ids?: string[];
}

export interface PluggyApi {
  createConnectToken(request: ConnectTokenRequest): Promise<{ accessToken: string }>;
  fetchItem(itemId: string): Promise<Item>;
  /** PATCH /items/{id} with an empty body: a user-requested sync with the stored credentials. */
  updateItem(itemId: string): Promise<Item>;
  deleteItem(itemId: string): Promise<void>;
  /** Every page of GET /accounts?itemId. */
  fetchAccounts(itemId: string): Promise<Account[]>;
  /** Every page of an account's transactions. */
  fetchTransactions(accountId: string, filters?: TransactionFilters): Promise<Transaction[]>;
  /** Follows an opaque Pluggy link (e.g. `createdTransactionsLink`) through every page; accepts both page shapes. */
  fetchTransactionsByLink(link: string): Promise<Transaction[]>;
  listWebhooks(): Promise<Webhook[]>;
  createWebhook(event: WebhookEvent, url: string, headers?: Record<string, string>): Promise<Webhook>;
  deleteWebhook(webhookId: string): Promise<void>;
}

/** A failed Pluggy call, with what callers need to map it to an action. */
export class PluggyApiError extends Error {
  override readonly name = 'PluggyApiError';
  constructor(
    message: string,
    /** HTTP status from Pluggy, or 0 for network errors and timeouts. */
    readonly status: number,
    /** Pluggy's stable `codeDescription`, when it sent one. */
    readonly codeDescription?: string,
    /** Seconds Pluggy asked us to wait (429). */
    readonly retryAfterSeconds?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** True when trying again later may succeed (network, timeout, 429, 5xx). */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}
