/** The storage seam: what routes and the webhook worker read and write. */
import type { Account, Item, Transaction } from '../pluggy/pluggy-api.js';

export type StoreKind = 'sqlite' | 'postgres';

export interface ConnectorHealth {
  /** Pluggy's connector health: `ONLINE`, `UNSTABLE` or `OFFLINE`. */
  status: string;
  /** When this server received the `connector/status_updated` that reported it (ISO date). */
  reportedAt: string;
}

export interface StoredConnector {
  id: number;
  name: string;
  imageUrl?: string;
  primaryColor?: string;
  /** The last health Pluggy reported for the connector (`connector/status_updated`); absent when none. */
  health?: ConnectorHealth;
}

export interface ItemWarning {
  /** The `statusDetail` product the warning belongs to (e.g. `accounts`, `transactions`). */
  product: string;
  code: string;
  message: string;
  providerMessage?: string;
}

export interface StoredItem {
  id: string;
  userId: string;
  connector: StoredConnector;
  status: string;
  executionStatus: string;
  error: { code: string; message: string; providerMessage?: string } | null;
  warnings: ItemWarning[];
  statusDetail: Record<string, unknown> | null;
  lastUpdatedAt: string | null;
  nextAutoSyncAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface StoredAccount {
  id: string;
  itemId: string;
  type: string;
  subtype: string;
  name: string;
  marketingName: string | null;
  number: string;
  balance: number;
  currencyCode: string;
  owner: string | null;
  taxNumber: string | null;
  bankData: unknown;
  creditData: unknown;
  syncedAt: string;
}

export interface StoredTransaction {
  id: string;
  itemId: string;
  accountId: string;
  date: string;
  description: string;
  descriptionRaw: string | null;
  amount: number;
  currencyCode: string;
  type: string;
  status: string | null;
  category: string | null;
  categoryId: string | null;
  balance: number | null;
  merchant: unknown;
  paymentData: unknown;
  creditCardMetadata: unknown;
  createdAt: string;
  updatedAt: string;
}

export interface TransactionPage {
  results: StoredTransaction[];
  total: number;
  page: number;
  totalPages: number;
}

export interface TransactionQuery {
  /** YYYY-MM-DD, inclusive. */
  from?: string;
  /** YYYY-MM-DD, inclusive. */
  to?: string;
  /** 1-based. */
  page: number;
  pageSize: number;
}

export type InboxStatus = 'pending' | 'processing' | 'done' | 'dead';

export interface InboxEvent {
  eventId: string;
  event: string;
  itemId: string | null;
  payload: Record<string, unknown>;
  status: InboxStatus;
  attempts: number;
  nextAttemptAt: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  lastError: string | null;
  /** How a finished event ended, e.g. `synced`, `ignored: item not ours`. */
  outcome: string | null;
  receivedAt: number;
  finishedAt: number | null;
  /** Delivered on this user's per-token webhook URL: it may act on their items only. Null: any item. */
  scopeUserId: string | null;
}

export interface NewInboxEvent {
  eventId: string;
  event: string;
  itemId: string | null;
  payload: Record<string, unknown>;
  receivedAt: number;
  /** See InboxEvent.scopeUserId; absent: a registered webhook's delivery (any item). */
  scopeUserId?: string | null;
}

export interface RecordedOwner {
  userId: string;
  isSandbox: boolean | null;
}

export interface ItemQueries {
  /** Records that `userId` owns the item (and its current state). Throws `ITEM_OWNED_BY_ANOTHER_USER`. */
  recordOwnership(userId: string, item: Item): Promise<void>;
  findOwned(userId: string, itemId: string): Promise<StoredItem | undefined>;
  listOwned(userId: string): Promise<StoredItem[]>;
  ownerOf(itemId: string): Promise<string | undefined>;
  /** The owner of a recorded item and whether its connector is a sandbox one (null: not known, an old row). */
  recordedOwner(itemId: string): Promise<RecordedOwner | undefined>;
  /** Fills in the sandbox flag of a row recorded before it was kept; a row that has one is left alone. */
  settleSandboxFlag(itemId: string, isSandbox: boolean): Promise<void>;
  /**
   * Saves a re-read state of a recorded item (an unknown item is not recorded: see `recordOwnership`);
   * an older re-read never overwrites a newer one.
   */
  upsertFromPluggy(item: Item): Promise<void>;
  /**
   * Deletes the item with its accounts and transactions. True when this call deleted the item row, false
   * when it was already gone (so of two racing deletions exactly one reports it, e.g. to run a hook once).
   */
  remove(itemId: string): Promise<boolean>;
  listByConnector(connectorId: number): Promise<StoredItem[]>;
}

export interface AccountQueries {
  listForItem(itemId: string): Promise<StoredAccount[]>;
  /** Upserts accounts of an item that is still recorded; false (nothing written) when it is gone. */
  upsertForItem(itemId: string, accounts: Account[]): Promise<boolean>;
  /**
   * Deletes the item's stored accounts of `types` that are not in `keepIds` (Pluggy no longer lists them),
   * with their transactions; answers the ids of the transactions deleted.
   */
  removeMissing(itemId: string, types: string[], keepIds: string[]): Promise<string[]>;
}

export interface TransactionQueries {
  listForItem(itemId: string, query: TransactionQuery): Promise<TransactionPage>;
  /** Upserts transactions of an item that is still recorded; false (nothing written) when it is gone. */
  upsertForItem(itemId: string, transactions: Transaction[]): Promise<boolean>;
  /** Deletes the given ids of one item; answers how many were deleted. */
  removeForItem(itemId: string, transactionIds: string[]): Promise<number>;
}

export interface ClaimOptions {
  owner: string;
  now: number;
  leaseMs: number;
  limit: number;
}

export interface ClaimCoveredOptions {
  owner: string;
  /** The item whose pending events one handler run will cover. */
  itemId: string;
  /** Event types the run covers. */
  events: readonly string[];
  now: number;
  leaseMs: number;
  limit: number;
}

export interface InboxQueries {
  /** Inserts and commits the event; `duplicate` when its eventId is already there (nothing written). */
  insert(event: NewInboxEvent): Promise<'inserted' | 'duplicate'>;
  /**
   * Inserts the events in one transaction (one commit, one fsync), each `inserted` or `duplicate` like
   * `insert`, in order: a second copy of an eventId in the same call is a duplicate.
   */
  insertEach(events: NewInboxEvent[]): Promise<('inserted' | 'duplicate')[]>;
  /** Inserts many events in one transaction (replays, benchmarks); known eventIds are skipped. Answers how many were new. */
  insertMany(events: NewInboxEvent[]): Promise<number>;
  get(eventId: string): Promise<InboxEvent | undefined>;
  /** Takes up to `limit` due events (pending, or processing with an expired lease) and leases them to `owner`. */
  claim(options: ClaimOptions): Promise<InboxEvent[]>;
  /**
   * Leases to `owner` the item's pending events of the given types, due or waiting for a retry, oldest
   * first: the worker about to re-read that item covers them with the same run (worker.ts). The caller
   * already holds one of the item's events, so no other worker is taking these.
   */
  claimCovered(options: ClaimCoveredOptions): Promise<InboxEvent[]>;
  /** Pushes the lease forward while the owner still holds it; false when the lease was lost. */
  extendLease(eventId: string, owner: string, leaseUntil: number): Promise<boolean>;
  /** Marks the event done if `owner` still holds its lease. */
  complete(eventId: string, owner: string, outcome: string, now: number): Promise<boolean>;
  /** Schedules another attempt at `retryAt` if `owner` still holds the lease. */
  retry(eventId: string, owner: string, error: string, retryAt: number): Promise<boolean>;
  /** Marks the event dead if `owner` still holds the lease (or any holder when owner is null). */
  bury(eventId: string, owner: string | null, error: string, now: number): Promise<boolean>;
  list(status: InboxStatus, limit?: number): Promise<InboxEvent[]>;
  /** Puts a dead event back in the queue with fresh attempts; false when no dead event has that id. */
  requeue(eventId: string, now: number): Promise<boolean>;
  /** Deletes done events finished before `finishedBefore`; answers how many. */
  purgeDone(finishedBefore: number): Promise<number>;
  countByStatus(): Promise<Record<InboxStatus, number>>;
}

export interface ConnectorStatusQueries {
  record(connectorId: number, status: string, at: string): Promise<void>;
  get(connectorId: number): Promise<string | undefined>;
}

export interface TokenUserQueries {
  /** Notes that this server minted a connect token for `userId` (first time at `at`, ISO date). */
  record(userId: string, at: string): Promise<void>;
  /** True when this server (any instance on this store) ever minted a connect token for `userId`. */
  has(userId: string): Promise<boolean>;
}

export interface Store {
  kind: StoreKind;
  ping(): Promise<void>;
  close(): Promise<void>;
  items: ItemQueries;
  accounts: AccountQueries;
  transactions: TransactionQueries;
  inbox: InboxQueries;
  connectors: ConnectorStatusQueries;
  tokenUsers: TokenUserQueries;
}
