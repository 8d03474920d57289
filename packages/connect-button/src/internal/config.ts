import { toLanguageCode, type LanguageCode } from '../translations/index.js';

export type Theme = 'light' | 'dark';
export type PreloadPolicy = 'intent' | 'eager' | 'none';

/** Widget options under their `pluggy-connect-sdk` prop names. */
export interface WidgetOptions {
  url?: string;
  updateItem?: string;
  includeSandbox?: boolean;
  connectorTypes?: string[];
  connectorIds?: number[];
  countries?: string[];
  products?: string[];
  selectedConnectorId?: number;
  language: LanguageCode;
  theme: Theme;
  allowConnectInBackground?: boolean;
  allowFullscreen?: boolean;
  openFinanceParameters?: { cpf?: string; cnpj?: string };
  forceOauthInBrowser?: boolean;
  forceAskForCredentials?: boolean;
  connectorSortAlphabetically?: boolean;
}

export interface ButtonSettings {
  widget: WidgetOptions;
  tokenUrl?: string;
  callbackUrl?: string;
  credentials: RequestCredentials;
  preload: PreloadPolicy;
  loadTimeoutMs: number;
  tokenTimeoutMs: number;
}

export interface ConfigProblem {
  attribute: string;
  message: string;
}

/** The element's raw property values: whatever an attribute converter or a script put there. */
export interface ConfigInput {
  tokenUrl?: unknown;
  connectToken?: unknown;
  hasFetchToken: boolean;
  itemId?: unknown;
  callbackUrl?: unknown;
  connectUrl?: unknown;
  credentials?: unknown;
  preload?: unknown;
  loadTimeout?: unknown;
  tokenTimeout?: unknown;
  includeSandbox?: unknown;
  connectorTypes?: unknown;
  connectorIds?: unknown;
  countries?: unknown;
  products?: unknown;
  selectedConnectorId?: unknown;
  language?: unknown;
  theme?: unknown;
  allowConnectInBackground?: unknown;
  allowFullscreen?: unknown;
  cpf?: unknown;
  cnpj?: unknown;
  forceOauthInBrowser?: unknown;
  forceAskForCredentials?: unknown;
  connectorSortAlphabetically?: unknown;
}

export interface ConfigEnvironment {
  baseUrl: string;
  prefersDark: boolean;
  /** The language of the nearest `lang` attribute, used when `language` is not set. */
  inheritedLanguage: LanguageCode;
}

export const DEFAULT_LOAD_TIMEOUT_MS = 20_000;
export const DEFAULT_TOKEN_TIMEOUT_MS = 10_000;
/** setTimeout keeps its delay in 32 bits: a longer one fires at once. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

const CONNECTOR_TYPES = [
  'PERSONAL_BANK',
  'BUSINESS_BANK',
  'INVOICE',
  'INVESTMENT',
  'TELECOMMUNICATION',
  'DIGITAL_ECONOMY',
  'PAYMENT_ACCOUNT',
  'OTHER',
];
const COUNTRIES = ['AR', 'BR', 'CO', 'MX'];
const PRODUCTS = [
  'ACCOUNTS',
  'CREDIT_CARDS',
  'TRANSACTIONS',
  'PAYMENT_DATA',
  'INVESTMENTS',
  'INVESTMENTS_TRANSACTIONS',
  'IDENTITY',
  'BROKERAGE_NOTE',
  'MOVE_SECURITY',
  'LOANS',
  'ACCOUNT_STATEMENTS',
];
const CREDENTIALS: RequestCredentials[] = ['same-origin', 'include', 'omit'];

/** Turns raw property values into settings, collecting one problem per invalid attribute (never throws). */
export function readConfig(
  input: ConfigInput,
  env: ConfigEnvironment,
): { settings: ButtonSettings; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const report = (attribute: string, message: string) => problems.push({ attribute, message });
  const reader = new ValueReader(report);

  const tokenUrl = reader.url('token-url', input.tokenUrl, env.baseUrl);
  const connectToken = reader.text('connect-token', input.connectToken);
  if (tokenUrl === undefined && connectToken === undefined && !input.hasFetchToken && !problems.length) {
    report('token-url', 'set token-url, connect-token or the fetchToken property');
  }

  const themeValue = reader.oneOf('theme', input.theme, ['light', 'dark', 'auto']) ?? 'auto';
  const languageValue = reader.text('language', input.language);
  const language = languageValue === undefined ? env.inheritedLanguage : toLanguageCode(languageValue);
  if (languageValue !== undefined && !language)
    report('language', `"${languageValue}" is not one of pt, en, es`);

  const cpf = reader.digits('cpf', input.cpf, 11);
  const cnpj = reader.digits('cnpj', input.cnpj, 14);
  const connectUrl = reader.origin('connect-url', input.connectUrl, env.baseUrl);

  const widget: WidgetOptions = dropUndefined({
    url: connectUrl,
    updateItem: reader.text('item-id', input.itemId),
    includeSandbox: reader.boolean('include-sandbox', input.includeSandbox),
    connectorTypes: reader.list('connector-types', input.connectorTypes, CONNECTOR_TYPES),
    connectorIds: reader.integers('connector-ids', input.connectorIds),
    countries: reader.list('countries', input.countries, COUNTRIES),
    products: reader.list('products', input.products, PRODUCTS),
    selectedConnectorId: reader.integer('selected-connector-id', input.selectedConnectorId),
    language: language ?? env.inheritedLanguage,
    theme: themeValue === 'auto' ? (env.prefersDark ? 'dark' : 'light') : themeValue,
    allowConnectInBackground: reader.boolean('allow-connect-in-background', input.allowConnectInBackground),
    allowFullscreen: reader.boolean('allow-fullscreen', input.allowFullscreen),
    openFinanceParameters: cpf || cnpj ? dropUndefined({ cpf, cnpj }) : undefined,
    forceOauthInBrowser: reader.boolean('force-oauth-in-browser', input.forceOauthInBrowser),
    forceAskForCredentials: reader.boolean('force-ask-for-credentials', input.forceAskForCredentials),
    connectorSortAlphabetically: reader.boolean(
      'connector-sort-alphabetically',
      input.connectorSortAlphabetically,
    ),
  });

  const settings: ButtonSettings = dropUndefined({
    widget,
    tokenUrl,
    callbackUrl: reader.url('callback-url', input.callbackUrl, env.baseUrl),
    credentials: reader.oneOf('credentials', input.credentials, CREDENTIALS) ?? 'same-origin',
    preload: reader.oneOf('preload', input.preload, ['intent', 'eager', 'none'] as const) ?? 'intent',
    loadTimeoutMs: reader.timeout('load-timeout', input.loadTimeout) ?? DEFAULT_LOAD_TIMEOUT_MS,
    tokenTimeoutMs: reader.timeout('token-timeout', input.tokenTimeout) ?? DEFAULT_TOKEN_TIMEOUT_MS,
  });
  return { settings, problems };
}

class ValueReader {
  constructor(private readonly report: (attribute: string, message: string) => void) {}

  text(attribute: string, value: unknown): string | undefined {
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value === 'string') return value.trim() || undefined;
    this.report(attribute, `expected text, got ${describe(value)}`);
    return undefined;
  }

  url(attribute: string, value: unknown, baseUrl: string): string | undefined {
    const text = this.text(attribute, value);
    if (text === undefined) return undefined;
    try {
      const url = new URL(text, baseUrl);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
    } catch {
      // reported below
    }
    this.report(attribute, `"${text}" is not an http(s) URL`);
    return undefined;
  }

  /**
   * An http(s) origin, without the trailing slash: the SDK accepts the widget's messages only from an origin
   * equal to this exact string (pluggy.md §7.4), so a path, query or hash would silently break it.
   */
  origin(attribute: string, value: unknown, baseUrl: string): string | undefined {
    const href = this.url(attribute, value, baseUrl);
    if (href === undefined) return undefined;
    const { origin } = new URL(href);
    if (href === `${origin}/`) return origin;
    this.report(
      attribute,
      `"${String(value).trim()}" must be an origin only, like https://connect.pluggy.ai (no path, query or hash)`,
    );
    return undefined;
  }

  boolean(attribute: string, value: unknown): boolean | undefined {
    if (value === undefined || value === null || typeof value === 'boolean') return value ?? undefined;
    this.report(attribute, `expected true or false, got ${describe(value)}`);
    return undefined;
  }

  oneOf<T extends string>(attribute: string, value: unknown, allowed: readonly T[]): T | undefined {
    if (value === undefined || value === null || value === '') return undefined;
    if (allowed.includes(value as T)) return value as T;
    this.report(attribute, `${describe(value)} is not one of ${allowed.join(', ')}`);
    return undefined;
  }

  list(attribute: string, value: unknown, allowed: readonly string[]): string[] | undefined {
    const items = this.items(attribute, value);
    if (!items) return undefined;
    const upper = items.map((item) => String(item).toUpperCase());
    const unknown = upper.filter((item) => !allowed.includes(item));
    if (!unknown.length) return upper;
    this.report(attribute, `${unknown.join(', ')} not one of ${allowed.join(', ')}`);
    return undefined;
  }

  integers(attribute: string, value: unknown): number[] | undefined {
    const items = this.items(attribute, value);
    if (!items) return undefined;
    const numbers = items.map(Number);
    const wrong = items.filter((_, index) => !isNonNegativeInteger(numbers[index]));
    if (!wrong.length) return numbers;
    this.report(attribute, `${wrong.map(String).join(', ')} not a connector id (a whole number)`);
    return undefined;
  }

  integer(attribute: string, value: unknown): number | undefined {
    if (value === undefined || value === null || value === '') return undefined;
    const parsed = typeof value === 'string' ? Number(value) : value;
    if (isNonNegativeInteger(parsed)) return parsed;
    this.report(attribute, `${describe(value)} is not a whole number`);
    return undefined;
  }

  /** Milliseconds for a timer: positive, and at most MAX_TIMEOUT_MS. */
  timeout(attribute: string, value: unknown): number | undefined {
    if (value === undefined || value === null || value === '') return undefined;
    const parsed = typeof value === 'string' ? Number(value) : value;
    if (typeof parsed !== 'number' || !Number.isFinite(parsed) || parsed <= 0) {
      this.report(attribute, `${describe(value)} is not a positive number of milliseconds`);
    } else if (parsed > MAX_TIMEOUT_MS) {
      this.report(
        attribute,
        `${describe(value)} is more than ${MAX_TIMEOUT_MS} ms, the longest timer browsers keep`,
      );
    } else return parsed;
    return undefined;
  }

  digits(attribute: string, value: unknown, length: number): string | undefined {
    const text = this.text(attribute, value);
    if (text === undefined) return undefined;
    const digits = text.replace(/[.\-/\s]/g, '');
    if (new RegExp(`^\\d{${length}}$`).test(digits)) return digits;
    this.report(attribute, `expected ${length} digits, got "${text}"`);
    return undefined;
  }

  private items(attribute: string, value: unknown): unknown[] | undefined {
    if (value === undefined || value === null) return undefined;
    const items = typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value;
    if (Array.isArray(items)) return items.length ? items : undefined;
    this.report(attribute, `expected a list, got ${describe(value)}`);
    return undefined;
  }
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
