import type { PluggyConnectButtonEventMap } from '../events/index.js';

/** The element's attributes as written in markup (framework templates, JSX). */
export interface PluggyConnectButtonAttributes {
  'token-url'?: string;
  'connect-token'?: string;
  'item-id'?: string;
  'callback-url'?: string;
  'connect-url'?: string;
  'sdk-src'?: string;
  credentials?: 'same-origin' | 'include' | 'omit';
  'include-sandbox'?: boolean | 'true' | 'false';
  'connector-types'?: string;
  'connector-ids'?: string;
  countries?: string;
  products?: string;
  'selected-connector-id'?: number | string;
  language?: 'pt' | 'en' | 'es' | (string & {});
  theme?: 'light' | 'dark' | 'auto';
  'allow-connect-in-background'?: boolean | 'true' | 'false';
  'allow-fullscreen'?: boolean | 'true' | 'false';
  cpf?: string;
  cnpj?: string;
  'force-oauth-in-browser'?: boolean | 'true' | 'false';
  'force-ask-for-credentials'?: boolean | 'true' | 'false';
  'connector-sort-alphabetically'?: boolean | 'true' | 'false';
  label?: string;
  disabled?: boolean;
  name?: string;
  required?: boolean;
  nonce?: string;
  preload?: 'intent' | 'eager' | 'none';
  'load-timeout'?: number | string;
  'token-timeout'?: number | string;
}

type PascalCase<Name extends string> = Name extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${PascalCase<Tail>}`
  : Capitalize<Name>;

/** `onpluggy-success` and friends: the listener-prop form React 19 and Svelte 5 use for custom events. */
export type PluggyConnectButtonEventProps = {
  [Name in keyof PluggyConnectButtonEventMap as `on${Name}`]?: (
    event: PluggyConnectButtonEventMap[Name],
  ) => void;
};

/** `onPluggySuccess` and friends: what Vue's `@pluggy-success` compiles to. */
export type PluggyConnectButtonVueEventProps = {
  [Name in keyof PluggyConnectButtonEventMap as `on${PascalCase<Name>}`]?: (
    event: PluggyConnectButtonEventMap[Name],
  ) => void;
};
