/** Which connectors the list shows, and in which order, from the widget props (pluggy.md §7.2). */
import type { Connector } from './pluggy-types.js';
import type { ConnectOptions } from './xprops.js';

type ListOptions = Pick<
  ConnectOptions,
  'includeSandbox' | 'connectorIds' | 'connectorTypes' | 'countries' | 'products'
> & { connectorSortAlphabetically: boolean };

/**
 * Alphabetical order can be asked for on the widget (`connectorSortAlphabetically` prop) or on the connect
 * token (`options.connectorSortAlphabetically`). The host page's explicit prop wins, so a page can turn
 * the token's choice off again; without either the list keeps the API's order (Pluggy's default).
 */
export function sortsAlphabetically(
  prop: boolean | undefined,
  tokenOptions: Record<string, unknown>,
): boolean {
  return prop ?? tokenOptions.connectorSortAlphabetically === true;
}

export function selectConnectors(connectors: Connector[], options: ListOptions): Connector[] {
  const { connectorIds, connectorTypes, countries, products } = options;
  const shown = connectors.filter(
    (connector) =>
      (options.includeSandbox || !connector.isSandbox) &&
      (!connectorIds || connectorIds.includes(connector.id)) &&
      (!connectorTypes || (connector.type !== undefined && connectorTypes.includes(connector.type))) &&
      (!countries || (connector.country !== undefined && countries.includes(connector.country))) &&
      // A connector that does not list its products is not hidden for lack of information.
      (!products ||
        !connector.products ||
        products.every((product) => connector.products?.includes(product))),
  );
  return options.connectorSortAlphabetically
    ? [...shown].sort((a, b) => a.name.localeCompare(b.name))
    : shown;
}

/** Open Finance pre-fill (`openFinanceParameters: {cpf, cnpj}`) for fields of the same name. */
export function prefillValues(
  connector: Connector,
  openFinanceParameters: Record<string, string>,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const credential of connector.credentials) {
    const value = openFinanceParameters[credential.name.toLowerCase()];
    if (value !== undefined) values[credential.name] = value;
  }
  return values;
}
