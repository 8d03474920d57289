/// <reference lib="dom" />
/**
 * What the SDK hands the page through zoid (`window.xprops`, pluggy.md §7.5): the data props the flow
 * honours, and the callbacks under their SDK ≥ 2.6 names (`onSuccessProp`, ...) or, for SDK ≤ 2.2,
 * their plain names (spike §3.5).
 */
import type { Item } from './pluggy-types.js';

export type RawXprops = Record<string, unknown>;

export interface ConnectOptions {
  connectToken: string;
  includeSandbox: boolean;
  allowConnectInBackground: boolean;
  connectorTypes: string[] | undefined;
  connectorIds: number[] | undefined;
  countries: string[] | undefined;
  products: string[] | undefined;
  selectedConnectorId: number | undefined;
  updateItem: string | undefined;
  language: string | undefined;
  theme: 'light' | 'dark';
  /** Undefined when the host did not pass it: the connect token's option then decides (connector-filter). */
  connectorSortAlphabetically: boolean | undefined;
  openFinanceParameters: Record<string, string>;
}

export interface ConnectEventPayload {
  event: string;
  timestamp: number;
  [field: string]: unknown;
}

export interface ConnectErrorPayload {
  message: string;
  data?: { item: Item };
}

export interface ConnectCallbacks {
  onEvent(payload: ConnectEventPayload): void;
  onSuccess(data: { item: Item }): void;
  onError(error: ConnectErrorPayload): void;
  onHide(): void;
  close(): Promise<void>;
  hide(): void;
}

const PROP_CALLBACKS = [
  'onSuccessProp',
  'onErrorProp',
  'onEventProp',
  'onHideProp',
  'onOpenProp',
  'onCloseProp',
];

const asString = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
const asStrings = (value: unknown) =>
  Array.isArray(value) && value.length > 0
    ? value.filter((v): v is string => typeof v === 'string')
    : undefined;
const asNumber = (value: unknown) => {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
};

export function readOptions(xprops: RawXprops): ConnectOptions {
  const connectorIds = Array.isArray(xprops.connectorIds)
    ? xprops.connectorIds.map(asNumber).filter((id): id is number => id !== undefined)
    : undefined;
  const openFinance = xprops.openFinanceParameters;
  return {
    connectToken: typeof xprops.connectToken === 'string' ? xprops.connectToken : '',
    includeSandbox: xprops.includeSandbox === true,
    allowConnectInBackground: xprops.allowConnectInBackground === true,
    connectorTypes: asStrings(xprops.connectorTypes),
    connectorIds: connectorIds && connectorIds.length > 0 ? connectorIds : undefined,
    countries: asStrings(xprops.countries),
    products: asStrings(xprops.products),
    selectedConnectorId: asNumber(xprops.selectedConnectorId),
    updateItem: asString(xprops.updateItem),
    language: asString(xprops.language),
    theme: xprops.theme === 'dark' ? 'dark' : 'light',
    connectorSortAlphabetically:
      typeof xprops.connectorSortAlphabetically === 'boolean'
        ? xprops.connectorSortAlphabetically
        : undefined,
    openFinanceParameters:
      openFinance && typeof openFinance === 'object'
        ? Object.fromEntries(
            Object.entries(openFinance).filter(
              (entry): entry is [string, string] => typeof entry[1] === 'string',
            ),
          )
        : {},
  };
}

/** Data props as plain JSON (functions left out), for the test hook. */
export function dataProps(xprops: RawXprops): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(xprops)) {
    if (typeof value === 'function' || value === undefined) continue;
    try {
      data[key] = JSON.parse(JSON.stringify(value)) as unknown;
    } catch {
      data[key] = String(value);
    }
  }
  return data;
}

export function callbackNames(xprops: RawXprops): string[] {
  return Object.keys(xprops).filter((key) => typeof xprops[key] === 'function');
}

type AnyFunction = (...args: unknown[]) => unknown;

// xprops functions are cross-window calls returning promises; a parent callback that throws must not break the page.
function invoke(fn: unknown, ...args: unknown[]): Promise<void> {
  if (typeof fn !== 'function') return Promise.resolve();
  try {
    return Promise.resolve((fn as AnyFunction)(...args)).then(
      () => undefined,
      (error: unknown) => console.warn('[pluggy-connect-emulator] parent callback failed', error),
    );
  } catch (error) {
    console.warn('[pluggy-connect-emulator] parent callback failed', error);
    return Promise.resolve();
  }
}

export function bindCallbacks(xprops: RawXprops): ConnectCallbacks {
  // SDK ≥ 2.6 renames the user's callbacks to `*Prop`; there plain `onError`/`onClose` are zoid's own and must not be called.
  const modern = PROP_CALLBACKS.some((name) => typeof xprops[name] === 'function');
  const legacy =
    !modern && ['onSuccess', 'onEvent', 'onHide'].some((name) => typeof xprops[name] === 'function');
  const pick = (name: string) => (modern ? xprops[`${name}Prop`] : legacy ? xprops[name] : undefined);
  return {
    onEvent: (payload) => void invoke(pick('onEvent'), payload),
    onSuccess: (data) => void invoke(pick('onSuccess'), data),
    onError: (error) => void invoke(pick('onError'), error),
    onHide: () => void invoke(pick('onHide')),
    close: () => invoke(xprops.close),
    hide: () => void invoke(xprops.hide),
  };
}
