/** Which connectors the list shows, from the widget props (pluggy.md §7.2). */
import type { Connector } from './pluggy-types.js';
import type { ConnectOptions } from './xprops.js';

type ListOptions = Pick<
  ConnectOptions,
  | 'includeSandbox'
  | 'connectorIds'
  | 'connectorTypes'
  | 'countries'
  | 'products'
  | 'connectorSortAlphabetically'
>;

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
