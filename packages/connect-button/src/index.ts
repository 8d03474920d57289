export { PluggyConnectButton, type ButtonState } from './pluggy-connect-button.js';
export type { PluggyConnectError, PluggyErrorCode, PluggyErrorPhase } from './internal/errors.js';
export type { PluggyItem, PluggyWidgetEvent } from './internal/item.js';
export type { FetchTokenCallback, FetchTokenContext } from './internal/token-source.js';
export type { LanguageCode } from './translations/index.js';
export type * from './events/index.js';
export { VERSION } from './version.js';
