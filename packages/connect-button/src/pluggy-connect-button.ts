import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { announce } from './internal/announcer.js';
import type { ConnectController } from './internal/connect-controller.js';
import { importConnectController } from './internal/controller-import.js';
import { list, optionalBoolean, optionalNumber } from './internal/converters.js';
import type { FetchTokenCallback } from './internal/token-source.js';
import { buttonStyles } from './pluggy-connect-button.styles.js';
import { inheritedLanguageOf, labelsFor, languageOf } from './translations/index.js';
import { VERSION } from './version.js';

export type ButtonState = 'idle' | 'loading' | 'open' | 'success' | 'error';

/**
 * A button that opens Pluggy Connect: it gets a connect token from your backend, loads the SDK on demand and
 * reports the outcome as events.
 *
 * @summary One tag that opens the Pluggy Connect widget.
 * @tag pluggy-connect-button
 *
 * @attr {string} nonce - The page's CSP nonce, for the SDK's `cspNonce`, its script and its modal style (the
 * built-in `nonce` property, not an observed attribute: browsers blank it on pages with a CSP).
 * @attr {'idle' | 'loading' | 'open' | 'success' | 'error'} state - Read-only, set by the element for styling.
 *
 * @slot - The button's label (default: a built-in label in pt, en or es).
 * @slot icon - An icon shown before the label.
 *
 * @event pluggy-open - The widget's page loaded and is showing (again after a minimised widget is shown again).
 * @event pluggy-close - The widget closed (once per widget).
 * @event pluggy-success - An item was connected: `detail.item`.
 * @event pluggy-error - Something failed: `detail.code`, `message`, `phase`, `retryable`, `item?`.
 * @event pluggy-event - The widget's own event payload (`detail.event`: SUBMITTED_LOGIN, LOGIN_SUCCESS, ...).
 * @event pluggy-hide - The user minimised the widget (with `allow-connect-in-background`); a click shows it again.
 *
 * @csspart button - The native button.
 * @csspart label - The label wrapper.
 * @csspart icon - The icon wrapper.
 * @csspart spinner - The spinner shown while loading.
 *
 * @cssproperty --pluggy-button-background - Button background.
 * @cssproperty --pluggy-button-hover-background - Background on hover.
 * @cssproperty --pluggy-button-color - Text color.
 * @cssproperty --pluggy-button-border - Border.
 * @cssproperty --pluggy-button-radius - Corner radius.
 * @cssproperty --pluggy-button-padding - Padding.
 * @cssproperty --pluggy-button-font - Font shorthand.
 * @cssproperty --pluggy-button-focus-ring - Box shadow of the focus ring.
 * @cssproperty --pluggy-button-gap - Space between icon, label and spinner.
 */
export class PluggyConnectButton extends LitElement {
  static readonly version = VERSION;
  static override readonly styles = buttonStyles;
  static override readonly shadowRootOptions: ShadowRootInit = {
    ...LitElement.shadowRootOptions,
    delegatesFocus: true,
  };
  static readonly formAssociated = true;

  static override readonly properties = {
    tokenUrl: { attribute: 'token-url' },
    connectToken: { attribute: 'connect-token' },
    itemId: { attribute: 'item-id' },
    callbackUrl: { attribute: 'callback-url' },
    connectUrl: { attribute: 'connect-url' },
    sdkSrc: { attribute: 'sdk-src' },
    credentials: {},
    includeSandbox: { attribute: 'include-sandbox', converter: optionalBoolean },
    connectorTypes: { attribute: 'connector-types', converter: list },
    connectorIds: { attribute: 'connector-ids', converter: list },
    countries: { converter: list },
    products: { converter: list },
    selectedConnectorId: { attribute: 'selected-connector-id', converter: optionalNumber },
    language: {},
    theme: { reflect: true },
    allowConnectInBackground: { attribute: 'allow-connect-in-background', converter: optionalBoolean },
    allowFullscreen: { attribute: 'allow-fullscreen', converter: optionalBoolean },
    cpf: {},
    cnpj: {},
    forceOauthInBrowser: { attribute: 'force-oauth-in-browser', converter: optionalBoolean },
    forceAskForCredentials: { attribute: 'force-ask-for-credentials', converter: optionalBoolean },
    connectorSortAlphabetically: { attribute: 'connector-sort-alphabetically', converter: optionalBoolean },
    label: {},
    disabled: { type: Boolean, reflect: true },
    name: { reflect: true },
    required: { type: Boolean, reflect: true },
    preloadPolicy: { attribute: 'preload' },
    loadTimeout: { attribute: 'load-timeout', converter: optionalNumber },
    tokenTimeout: { attribute: 'token-timeout', converter: optionalNumber },
    fetchToken: { attribute: false },
  };

  /** POST endpoint of your backend that answers `{accessToken, expiresAt?}`. */
  declare tokenUrl: string | undefined;
  /** A connect token your page minted itself (used once). */
  declare connectToken: string | undefined;
  /** Update mode: reconnect this existing item instead of creating one. */
  declare itemId: string | undefined;
  /** Where the element POSTs `{itemId}` after a successful connection. */
  declare callbackUrl: string | undefined;
  /** The Connect page (the SDK's `url`), e.g. the emulator's. */
  declare connectUrl: string | undefined;
  /** A classic script of the SDK (e.g. Pluggy's CDN file) to load instead of the bundled one. */
  declare sdkSrc: string | undefined;
  /** `credentials` mode of the token and callback requests. */
  declare credentials: RequestCredentials | undefined;
  declare includeSandbox: boolean | undefined;
  declare connectorTypes: string[] | undefined;
  declare connectorIds: Array<number | string> | undefined;
  declare countries: string[] | undefined;
  declare products: string[] | undefined;
  declare selectedConnectorId: number | undefined;
  /** pt, en or es; defaults to the nearest `lang` attribute, then pt. Also sent to the widget. */
  declare language: string | undefined;
  /** light, dark or auto (follows `prefers-color-scheme`); sent to the widget. */
  declare theme: 'light' | 'dark' | 'auto' | undefined;
  declare allowConnectInBackground: boolean | undefined;
  declare allowFullscreen: boolean | undefined;
  declare cpf: string | undefined;
  declare cnpj: string | undefined;
  declare forceOauthInBrowser: boolean | undefined;
  declare forceAskForCredentials: boolean | undefined;
  declare connectorSortAlphabetically: boolean | undefined;
  /** Replaces the built-in label text. */
  declare label: string | undefined;
  declare disabled: boolean;
  /** Form field name: the form then submits the connected item's id. */
  declare name: string | undefined;
  /** Blocks form submission until an item is connected. */
  declare required: boolean;
  /**
   * The `preload` attribute: when to fetch the token and load the SDK: intent (hover/focus, default), eager,
   * none. Named apart from the attribute because `preload()` is the method.
   */
  declare preloadPolicy: 'intent' | 'eager' | 'none' | undefined;
  /** Milliseconds to wait for the widget's page before WIDGET_LOAD_TIMEOUT (default 20000). */
  declare loadTimeout: number | undefined;
  /** Milliseconds per token request attempt (default 10000). */
  declare tokenTimeout: number | undefined;
  /** Replaces `token-url` for hosts with their own auth: resolve to a connect token. */
  declare fetchToken: FetchTokenCallback | undefined;

  private readonly internals: ElementInternals;
  private controller: Promise<ConnectController> | undefined;
  /** The open flow's code failed to load: hover and focus retry nothing until the next open(). */
  private preloadPaused = false;
  private connectedItemId = '';
  private restoringFocus = false;
  private currentState: ButtonState = 'idle';
  /** Set by a disabled ancestor `<fieldset>`, apart from the author's own `disabled`. */
  private disabledByForm = false;

  constructor() {
    super();
    this.disabled = false;
    this.required = false;
    this.internals = this.attachInternals();
  }

  /** idle | loading | open | success | error (also reflected as the `state` attribute, for styling). */
  get state(): ButtonState {
    return this.currentState;
  }

  /** The connected item's id after success (the form value), or ''. */
  get value(): string {
    return this.connectedItemId;
  }

  get form(): HTMLFormElement | null {
    return this.internals.form;
  }

  get validity(): ValidityState {
    return this.internals.validity;
  }

  get validationMessage(): string {
    return this.internals.validationMessage;
  }

  checkValidity(): boolean {
    return this.internals.checkValidity();
  }

  reportValidity(): boolean {
    return this.internals.reportValidity();
  }

  /**
   * Fetches the token and loads the SDK ahead of a click. A failure is not reported: `open()` tries again and
   * reports its own outcome.
   */
  async preload(): Promise<void> {
    await (await this.quietConnector())?.preload(false);
  }

  /**
   * Opens the widget (what a click does). Outcomes arrive as events; it never throws. While a load or a widget
   * session is under way it starts nothing (the open flow decides, whatever `state` shows).
   */
  async open(): Promise<void> {
    if (this.disabled || this.disabledByForm) return;
    this.preloadPaused = false;
    const controller = await this.connector().catch((error: unknown) => this.reportLoadFailure(error));
    await controller?.open();
  }

  /** Closes the widget, or cancels a load in progress. */
  async close(): Promise<void> {
    await this.controller?.then((controller) => controller.close(), ignore);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.preloadPolicy === 'eager') void this.preload();
    // Once the page is idle, the open flow's code (not the SDK) checks the configuration and follows `lang`.
    afterIdle(() => void this.quietConnector().then((controller) => controller?.connect()));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    void this.controller?.then((controller) => controller.disconnect(), ignore);
  }

  /** Form reset: no value, and a finished connection (success or error) back to idle; a widget in use stays. */
  formResetCallback(): void {
    this.connectedItemId = '';
    this.updateFormValue();
    if (this.currentState === 'success' || this.currentState === 'error') this.setState('idle');
  }

  formDisabledCallback(disabled: boolean): void {
    this.disabledByForm = disabled;
    this.requestUpdate();
  }

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    // Lit reads this global when it must fall back to <style> elements (no adoptedStyleSheets).
    // The built-in `nonce` property, because browsers blank the attribute on pages with a CSP.
    const nonce = this.nonce || this.getAttribute('nonce');
    const scope = globalThis as { litNonce?: string };
    if (nonce && !scope.litNonce) scope.litNonce = nonce;
    return super.createRenderRoot();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.getAttribute('state') !== this.currentState) this.setAttribute('state', this.currentState);
    if (changed.size) void this.controller?.then((controller) => controller.checkConfig(), ignore);
    this.updateFormValue();
  }

  protected override render() {
    const strings = labelsFor(languageOf(this));
    const text = this.label ?? (this.itemId ? strings.update : strings.connect);
    const loading = this.currentState === 'loading';
    return html`<button
      part="button"
      type="button"
      ?disabled=${this.disabled || this.disabledByForm}
      aria-busy=${loading ? 'true' : 'false'}
      @click=${() => void this.open()}
      @pointerenter=${this.onIntent}
      @focus=${this.onIntent}
    >
      <span part="icon" class="icon"><slot name="icon">${defaultIcon}</slot></span>
      <span part="label"><slot>${text}</slot></span>
      ${loading ? html`<span part="spinner" aria-hidden="true"></span>` : nothing}
    </button>`;
  }

  private readonly onIntent = () => {
    if (this.restoringFocus || this.preloadPaused) return;
    if ((this.preloadPolicy ?? 'intent') !== 'intent') return;
    void this.quietConnector().then((controller) => controller?.preload(true));
  };

  // The open flow (token, SDK, widget, errors) lives in a chunk of its own, so the initial file stays small.
  private connector(): Promise<ConnectController> {
    this.controller ??= importConnectController().then(
      ({ ConnectController }) => {
        const controller = new ConnectController({
          element: this,
          setState: (state) => this.setState(state),
          setConnectedItem: (itemId) => {
            this.connectedItemId = itemId;
            this.updateFormValue();
          },
          focusButton: () => {
            // Focus given back after a close is not the user's intent to open again.
            this.restoringFocus = true;
            this.shadowRoot?.querySelector('button')?.focus();
            this.restoringFocus = false;
          },
          language: () => languageOf(this),
          inheritedLanguage: () => inheritedLanguageOf(this),
          labels: () => labelsFor(languageOf(this)),
          announce,
        });
        controller.checkConfig();
        return controller;
      },
      (error: unknown) => {
        // Forgotten, so the next attempt loads it again.
        this.controller = undefined;
        throw error;
      },
    );
    return this.controller;
  }

  /** For preloads and checks: a failed load is reported by the next open() only. */
  private quietConnector(): Promise<ConnectController | undefined> {
    return this.connector().catch(() => {
      this.preloadPaused = true;
      return undefined;
    });
  }

  // Announced and dispatched here: the translations and events of the open flow are in the chunk that failed.
  private reportLoadFailure(error: unknown): undefined {
    this.preloadPaused = true;
    this.setState('error');
    announce(labelsFor(languageOf(this)).loadFailed);
    this.dispatchEvent(
      new CustomEvent('pluggy-error', {
        detail: {
          code: 'SDK_LOAD_FAILED',
          phase: 'sdk',
          retryable: true,
          message: `The element's code did not load: ${String(error)}`,
        },
        bubbles: true,
        composed: true,
      }),
    );
    return undefined;
  }

  private setState(state: ButtonState): void {
    this.currentState = state;
    this.setAttribute('state', state);
    this.requestUpdate();
  }

  private updateFormValue(): void {
    this.internals.setFormValue(this.connectedItemId || null);
    const anchor = this.shadowRoot?.querySelector('button') ?? undefined;
    if (this.required && !this.connectedItemId) {
      this.internals.setValidity({ valueMissing: true }, labelsFor(languageOf(this)).required, anchor);
    } else this.internals.setValidity({});
  }
}

const ignore = () => undefined;

function afterIdle(callback: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(callback, { timeout: 2000 });
  else setTimeout(callback, 200);
}

const defaultIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">
  <path d="M12 2 2 7v2h20V7L12 2Zm-7 9v7h3v-7H5Zm5.5 0v7h3v-7h-3ZM16 11v7h3v-7h-3ZM2 20v2h20v-2H2Z" />
</svg>`;
