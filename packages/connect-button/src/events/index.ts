import type { PluggyCloseEvent } from './pluggy-close.js';
import type { PluggyErrorEvent } from './pluggy-error.js';
import type { PluggyWidgetEventEvent } from './pluggy-event.js';
import type { PluggyHideEvent } from './pluggy-hide.js';
import type { PluggyOpenEvent } from './pluggy-open.js';
import type { PluggySuccessEvent } from './pluggy-success.js';

export type { PluggyCloseEvent } from './pluggy-close.js';
export type { PluggyErrorDetail, PluggyErrorEvent } from './pluggy-error.js';
export type { PluggyWidgetEventEvent } from './pluggy-event.js';
export type { PluggyHideEvent } from './pluggy-hide.js';
export type { PluggyOpenEvent } from './pluggy-open.js';
export type { PluggySuccessDetail, PluggySuccessEvent } from './pluggy-success.js';

/** Every event `<pluggy-connect-button>` dispatches, by name (all bubble and cross shadow roots). */
export interface PluggyConnectButtonEventMap {
  'pluggy-open': PluggyOpenEvent;
  'pluggy-close': PluggyCloseEvent;
  'pluggy-success': PluggySuccessEvent;
  'pluggy-error': PluggyErrorEvent;
  'pluggy-event': PluggyWidgetEventEvent;
  'pluggy-hide': PluggyHideEvent;
}

declare global {
  // Lets `el.addEventListener('pluggy-success', (e) => e.detail.item)` type-check on any element.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends PluggyConnectButtonEventMap {}
}
