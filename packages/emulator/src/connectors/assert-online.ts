/** An OFFLINE connector refuses every connection with 400 (pluggy.md §2.2): new items and syncs alike. */
import { ApiError } from '../errors.js';
import type { Connector } from './types.js';

export function assertConnectorOnline(connector: Connector): void {
  if (connector.health.status === 'OFFLINE') {
    throw new ApiError(400, `Connector ${connector.id} is offline; try again later`, 'CONNECTOR_OFFLINE');
  }
}
