/** An item as the emulator keeps it (with its credentials and owner), and its public JSON view. */
import type { ScheduledTask } from '../clock.js';
import type { Connector, ConnectorCredential } from '../connectors/types.js';

export type ItemStatus = 'UPDATED' | 'UPDATING' | 'WAITING_USER_INPUT' | 'LOGIN_ERROR' | 'OUTDATED';
export type TriggeredBy = 'CLIENT' | 'USER' | 'SYNC' | 'INTERNAL';

export interface ProductStatus {
  isUpdated: boolean;
  lastUpdatedAt: string | null;
  warnings?: { code: string; message: string; providerMessage?: string }[];
}

export type StatusDetail = Record<
  | 'accounts'
  | 'creditCards'
  | 'transactions'
  | 'investments'
  | 'investmentTransactions'
  | 'identity'
  | 'paymentData'
  | 'loans'
  | 'accountStatements',
  ProductStatus | null
>;

export interface ItemError {
  code: string;
  message: string;
  providerMessage?: string;
}

export interface ItemRecord {
  id: string;
  clientId: string;
  /** Connect tokens that created it or reconnected to it (avoidDuplicates): they may use it. */
  connectTokenIds: string[];
  connectorId: number;
  parameters: Record<string, string>;
  products: string[];
  status: ItemStatus;
  executionStatus: string;
  error: ItemError | null;
  statusDetail: StatusDetail | null;
  parameter: ConnectorCredential | null;
  createdAt: string;
  updatedAt: string;
  lastUpdatedAt: string | null;
  nextAutoSyncAt: string | null;
  webhookUrl: string | null;
  clientUserId: string | null;
  oauthRedirectUri: string | null;
  consecutiveFailedLoginAttempts: number;
  /** Bumped by every new run, so steps of an abandoned run do nothing. */
  runId: number;
  triggeredBy: TriggeredBy;
  pending: ScheduledTask | null;
}

export interface ItemView {
  id: string;
  connector: Connector;
  status: ItemStatus;
  executionStatus: string;
  error: ItemError | null;
  statusDetail: StatusDetail | null;
  parameter: ConnectorCredential | null;
  userAction: null;
  createdAt: string;
  updatedAt: string;
  lastUpdatedAt: string | null;
  nextAutoSyncAt: string | null;
  consentExpiresAt: null;
  webhookUrl: string | null;
  clientUserId: string | null;
  consecutiveFailedLoginAttempts: number;
  products: string[];
}

/** The item's JSON view; it shares nested objects with the record, so callers outside a response clone it. */
export function itemView(item: ItemRecord, connector: Connector): ItemView {
  return {
    id: item.id,
    connector,
    status: item.status,
    executionStatus: item.executionStatus,
    error: item.error,
    statusDetail: item.statusDetail,
    parameter: item.parameter,
    userAction: null,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    lastUpdatedAt: item.lastUpdatedAt,
    nextAutoSyncAt: item.nextAutoSyncAt,
    consentExpiresAt: null,
    webhookUrl: item.webhookUrl,
    clientUserId: item.clientUserId,
    consecutiveFailedLoginAttempts: item.consecutiveFailedLoginAttempts,
    products: item.products,
  };
}

export const isRunning = (item: ItemRecord) =>
  item.status === 'UPDATING' || item.status === 'WAITING_USER_INPUT';
