/** The connectors the emulator serves, their live health (settable by a test control) and the list filters. */
import { ApiError } from '../errors.js';
import { sandboxConnectors, type SandboxConnector } from './sandbox-connectors.js';
import type { Connector, ConnectorHealthStatus, MfaMode } from './types.js';

export interface ConnectorFilters {
  name?: string;
  countries?: string[];
  types?: string[];
  sandbox: boolean;
  isOpenFinance?: boolean;
}

export interface ConnectorCatalog {
  list(filters: ConnectorFilters): Connector[];
  /** Throws a Pluggy 404 for an unknown id. */
  get(id: number): Connector;
  mfaMode(id: number): MfaMode;
  setStatus(id: number, status: ConnectorHealthStatus): Connector;
  reset(): void;
}

const normalize = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

export function createConnectorCatalog(): ConnectorCatalog {
  let entries = new Map<number, SandboxConnector>();
  const load = () => {
    entries = new Map(sandboxConnectors().map((entry) => [entry.connector.id, entry]));
  };
  load();

  const entry = (id: number): SandboxConnector => {
    const found = entries.get(id);
    if (!found) throw new ApiError(404, `Connector ${id} not found`);
    return found;
  };

  return {
    list(filters) {
      return [...entries.values()]
        .map((e) => e.connector)
        .filter((c) => filters.sandbox || !c.isSandbox)
        .filter((c) => !filters.name || normalize(c.name).includes(normalize(filters.name)))
        .filter((c) => !filters.countries?.length || filters.countries.includes(c.country))
        .filter((c) => !filters.types?.length || filters.types.includes(c.type))
        .filter((c) => filters.isOpenFinance === undefined || c.isOpenFinance === filters.isOpenFinance);
    },
    get: (id) => entry(id).connector,
    mfaMode: (id) => entry(id).mfa,
    setStatus(id, status) {
      const { connector } = entry(id);
      connector.health.status = status;
      return connector;
    },
    reset: load,
  };
}
