/** `POST /items`: a new item (or, with avoidDuplicates, the existing one for the same credentials). */
import type { AuthContext } from '../auth/auth-context.js';
import type { EmulatorContext } from '../context.js';
import { toIso } from '../dates.js';
import { assertConnectorOnline } from '../connectors/assert-online.js';
import { validateParameters } from '../connectors/validate-parameters.js';
import { ApiError } from '../errors.js';
import type { ItemExecution } from './execution.js';
import { emitItemEvent } from './item-events.js';
import { isRunning, type ItemRecord } from './item-record.js';

export interface CreateItemInput {
  connectorId: number;
  parameters: Record<string, string>;
  webhookUrl?: string | null;
  clientUserId?: string | null;
  products?: string[];
  avoidDuplicates?: boolean;
  oauthRedirectUri?: string;
}

/** The sandbox login identity: the business connector also keys on the CNPJ. */
const sameLogin = (a: Record<string, string>, b: Record<string, string>) =>
  a.user === b.user && a.cnpj === b.cnpj;

export function createItem(
  ctx: EmulatorContext,
  execution: ItemExecution,
  auth: AuthContext,
  input: CreateItemInput,
): ItemRecord {
  const connector = ctx.connectors.get(input.connectorId);
  assertConnectorOnline(connector);
  const details = validateParameters(connector, input.parameters);
  if (details.length)
    throw new ApiError(400, 'Invalid parameters for the connector', 'CONNECTOR_VALIDATION_ERROR', details);

  // A connect token's options win over the body: they were chosen by the backend that minted it.
  const tokenOptions = auth.kind === 'connectToken' ? auth.options : {};
  const clientUserId = tokenOptions.clientUserId ?? input.clientUserId ?? null;
  const webhookUrl = tokenOptions.webhookUrl ?? input.webhookUrl ?? null;
  const avoidDuplicates = tokenOptions.avoidDuplicates ?? input.avoidDuplicates ?? false;
  const triggeredBy = auth.kind === 'connectToken' ? 'USER' : 'CLIENT';

  if (avoidDuplicates) {
    const existing = ctx.items
      .all()
      .find(
        (item) =>
          item.clientId === auth.clientId &&
          item.connectorId === connector.id &&
          sameLogin(item.parameters, input.parameters),
      );
    if (existing) {
      if (auth.kind === 'connectToken') existing.connectTokenIds.push(auth.tokenId);
      if (!isRunning(existing)) {
        existing.parameters = { ...input.parameters };
        execution.start(existing, 'update', triggeredBy);
      }
      return existing;
    }
  }

  const now = toIso(ctx.clock.now());
  const requested = input.products ?? connector.products;
  const item: ItemRecord = {
    id: ctx.items.newId(),
    clientId: auth.clientId,
    connectTokenIds: auth.kind === 'connectToken' ? [auth.tokenId] : [],
    connectorId: connector.id,
    parameters: { ...input.parameters },
    products: connector.products.filter((product) => requested.includes(product)),
    status: 'UPDATING',
    executionStatus: 'CREATING',
    error: null,
    statusDetail: null,
    parameter: null,
    createdAt: now,
    updatedAt: now,
    lastUpdatedAt: null,
    nextAutoSyncAt: null,
    webhookUrl,
    clientUserId,
    oauthRedirectUri: tokenOptions.oauthRedirectUri ?? input.oauthRedirectUri ?? null,
    consecutiveFailedLoginAttempts: 0,
    runId: 0,
    triggeredBy,
    pending: null,
  };
  ctx.items.add(item);
  emitItemEvent(ctx, item, 'item/created');
  execution.start(item, 'create', triggeredBy);
  return item;
}
