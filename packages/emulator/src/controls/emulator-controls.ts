/** The test controls as functions (`emu.controls`); the HTTP routes under `/__emulator` call these. */
import type { IssuedApiKey } from '../auth/issued-api-keys.js';
import type { ConnectControls } from '../connect-page/controls.js';
import type { ConnectorHealthStatus } from '../connectors/types.js';
import type { EmulatorContext } from '../context.js';
import type { Deprecations } from '../deprecations.js';
import type { Fault } from '../faults.js';
import { syncItem, type SyncResult } from '../items/auto-sync.js';
import { itemView, type ItemView } from '../items/item-record.js';
import type { DeliveryFilter, DeliveryRecord, WebhookFaultControls } from '../webhooks/index.js';

export type EmulatorItemView = ItemView & { clientId: string };

export interface EmulatorControls {
  /**
   * Clears items, data, webhooks, deliveries, faults, rate limits, deprecations, the issued API key log,
   * Connect sessions and the clock offset.
   */
  reset(): void;
  /** The emulator clock's now, as an ISO date. */
  clock(): { now: string };
  advanceClock(ms: number): { now: string };
  /** Every item of every client. */
  items(): EmulatorItemView[];
  syncItem(itemId: string): SyncResult;
  setConnectorStatus(connectorId: number, status: ConnectorHealthStatus): void;
  addFault(fault: Fault): void;
  faults(): (Fault & { remaining: number })[];
  clearFaults(): void;
  deprecations(): Deprecations;
  setDeprecations(deprecations: Deprecations): Deprecations;
  /** API keys issued by POST /auth since start or reset, newest first. */
  issuedApiKeys(): IssuedApiKey[];
  webhookFaults: WebhookFaultControls;
  webhookDeliveries(filter?: DeliveryFilter): DeliveryRecord[];
  connect: Pick<ConnectControls, 'autopilot' | 'sessions'>;
}

export function createEmulatorControls(ctx: EmulatorContext, connect: ConnectControls): EmulatorControls {
  const clockView = () => ({ now: new Date(ctx.clock.now()).toISOString() });
  return {
    reset() {
      ctx.items.clear();
      ctx.data.clear();
      ctx.webhooks.reset();
      ctx.faults.clear();
      ctx.patchLimiter.clear();
      ctx.authLimiter.clear();
      ctx.deprecations.reset();
      ctx.issuedApiKeys.clear();
      ctx.connectors.reset();
      connect.reset();
      ctx.clock.reset();
    },
    clock: clockView,
    advanceClock(ms) {
      ctx.clock.advance(ms);
      return clockView();
    },
    items: () =>
      ctx.items.all().map((item) =>
        structuredClone({
          ...itemView(item, ctx.connectors.get(item.connectorId)),
          clientId: item.clientId,
        }),
      ),
    syncItem: (itemId) => syncItem(ctx, ctx.items.get(itemId)),
    setConnectorStatus(connectorId, status) {
      ctx.connectors.setStatus(connectorId, status);
      ctx.webhooks.emit(
        'connector/status_updated',
        { id: String(connectorId), data: { status } },
        { clientId: '*' },
      );
    },
    addFault: (fault) => ctx.faults.add(fault),
    faults: () => ctx.faults.list(),
    clearFaults: () => ctx.faults.clear(),
    deprecations: () => ctx.deprecations.current(),
    setDeprecations: (deprecations) => ctx.deprecations.set(deprecations),
    issuedApiKeys: () => ctx.issuedApiKeys.list(),
    webhookFaults: ctx.webhooks.faults,
    webhookDeliveries: (filter) => ctx.webhooks.deliveries(filter),
    connect: { autopilot: connect.autopilot, sessions: () => connect.sessions() },
  };
}
