import { createCloseEvent } from '../events/pluggy-close.js';
import { createErrorEvent } from '../events/pluggy-error.js';
import { createWidgetEventEvent } from '../events/pluggy-event.js';
import { createHideEvent } from '../events/pluggy-hide.js';
import { createOpenEvent } from '../events/pluggy-open.js';
import { createSuccessEvent } from '../events/pluggy-success.js';
import type { ButtonState, PluggyConnectButton } from '../pluggy-connect-button.js';
import type { Labels, LanguageCode, Messages } from '../translations/index.js';
import { messagesFor } from '../translations/messages/index.js';
import { reportConnectedItem } from './callback-report.js';
import { readConfig, type ButtonSettings, type ConfigProblem } from './config.js';
import { PluggyConnectError, isAbortError } from './errors.js';
import { watchLanguage } from './language-watch.js';
import { claimPage, releasePage } from './page-claim.js';
import { loadPluggyConnect, type SdkSource } from './sdk-loader.js';
import {
  TokenSource,
  callbackTokenProvider,
  fixedTokenProvider,
  urlTokenProvider,
  type TokenProvider,
} from './token-source.js';
import { WidgetSession, type WidgetHandlers } from './widget-session.js';

/**
 * What the element lends its controller: its properties, the few things only it may change, and what its
 * initial file already holds (languages, labels, the live region). Lent rather than imported, so this chunk
 * shares no module with the initial file and the page downloads no extra shared chunk up front.
 */
export interface ControllerHost {
  element: PluggyConnectButton;
  setState(state: ButtonState): void;
  setConnectedItem(itemId: string): void;
  focusButton(): void;
  /** `language`, else the nearest `lang`; and the nearest `lang` alone (what `language` defaults to). */
  language(): LanguageCode;
  inheritedLanguage(): LanguageCode;
  labels(): Labels;
  /** Speaks through the page's one polite live region. */
  announce(message: string): void;
}

const CALLBACK_TIMEOUT_MS = 10_000;

/**
 * The open flow of one button, loaded on first need: validates the configuration, gets the token and the SDK
 * in parallel, runs one widget session, and turns every outcome into the element's state, events and
 * announcements.
 */
export class ConnectController {
  private readonly tokens = new TokenSource();
  /**
   * The widget from its creation to its close: alive while its page loads, while it shows, on its success
   * screen and while minimised, whatever `state` says. While it lives, no second widget starts.
   */
  private session: WidgetSession | undefined;
  private run = 0;
  private outcome: 'none' | 'success' | 'error' = 'none';
  private opened = false;
  private lastWarning = '';
  /** Set by a failed token or SDK load; intent preloads then wait for the next open(). */
  private preloadPaused = false;
  private stopWatchingLanguage: (() => void) | undefined;

  constructor(private readonly host: ControllerHost) {}

  private get element(): PluggyConnectButton {
    return this.host.element;
  }

  /** Warns once per distinct invalid configuration. */
  checkConfig(): void {
    const { problems } = this.readSettings();
    const warning = problems.map((problem) => `${problem.attribute}: ${problem.message}`).join('; ');
    if (warning && warning !== this.lastWarning) {
      console.warn(
        `<pluggy-connect-button> invalid configuration (${warning}); opening will fail with INVALID_CONFIG.`,
      );
    }
    this.lastWarning = warning;
  }

  /**
   * Gets the token and the SDK ahead of a click. A failure is not reported here: open() tries afresh (the
   * failure may have passed, or the user signed in meanwhile). Until then hover and focus fetch nothing, so a
   * failing backend (a 401 included) is not asked again on every pointer move; `intent: false` (the public
   * `preload()`) always tries.
   */
  async preload(intent: boolean): Promise<void> {
    if (intent && (this.preloadPaused || this.session)) return;
    const { settings, problems } = this.readSettings();
    const provider = this.tokenProvider(settings);
    if (problems.length || !provider) return;
    const results = await Promise.allSettled([
      this.tokens.get(provider),
      loadPluggyConnect(this.sdkSource()),
    ]);
    if (results.some((result) => result.status === 'rejected' && !isAbortError(result.reason)))
      this.preloadPaused = true;
  }

  async open(): Promise<void> {
    if (this.element.state === 'loading') return;
    if (this.session) return this.showAgain(this.session);
    if (!claimPage(this)) {
      this.report(
        new PluggyConnectError({
          code: 'ALREADY_OPEN',
          phase: 'widget',
          message: 'Another Pluggy Connect widget is open on this page; wait for its pluggy-close',
          retryable: true,
        }),
      );
      return;
    }
    const { settings, problems } = this.readSettings();
    const provider = this.tokenProvider(settings);
    if (problems.length || !provider) {
      releasePage(this);
      this.fail(invalidConfig(problems));
      return;
    }
    const run = ++this.run;
    this.preloadPaused = false;
    this.outcome = 'none';
    this.opened = false;
    this.host.setState('loading');
    this.host.announce(this.strings.loading);
    try {
      const [connectToken, PluggyConnect] = await Promise.all([
        this.tokens.get(provider),
        loadPluggyConnect(this.sdkSource()),
      ]);
      if (run !== this.run) return;
      const session: WidgetSession = new WidgetSession(
        PluggyConnect,
        {
          props: { ...settings.widget, connectToken },
          loadTimeoutMs: settings.loadTimeoutMs,
          ...this.nonce(),
        },
        this.sessionHandlers(settings, () => this.session === session),
      );
      this.session = session;
      await session.start();
      if (run !== this.run || this.session !== session) return;
      this.opened = true;
      this.host.setState('open');
      this.host.announce(this.strings.opened);
      this.element.dispatchEvent(createOpenEvent());
    } catch (error) {
      if (run !== this.run) return;
      this.session = undefined;
      releasePage(this);
      // Closed by the user (Escape) before the page finished loading: back to idle, nothing to report.
      if (isAbortError(error)) this.host.setState('idle');
      else {
        this.preloadPaused = true;
        this.fail(error);
      }
    }
  }

  /** The button's widget is still up: a minimised one comes back (`pluggy-open` again); a visible one stays as is. */
  private async showAgain(session: WidgetSession): Promise<void> {
    try {
      if (!(await session.show())) return;
    } catch (error) {
      this.report(error);
      return;
    }
    this.host.announce(this.strings.opened);
    this.element.dispatchEvent(createOpenEvent());
  }

  async close(): Promise<void> {
    const session = this.session;
    if (this.element.state === 'loading') this.cancel();
    await session?.close();
  }

  /**
   * The element is on the page: its built-in label follows later `lang` changes. Runs once this chunk has
   * loaded (page idle at the latest), so it re-renders once for a change made before.
   */
  connect(): void {
    if (!this.element.isConnected || this.stopWatchingLanguage) return;
    this.stopWatchingLanguage = watchLanguage(this.element, () => this.element.requestUpdate());
    this.element.requestUpdate();
  }

  /** The element left the page: abort the token request, close the widget, stop watching `lang`. */
  disconnect(): void {
    this.stopWatchingLanguage?.();
    this.stopWatchingLanguage = undefined;
    const session = this.session;
    this.cancel();
    void session?.close();
  }

  private sessionHandlers(settings: ButtonSettings, isCurrent: () => boolean): WidgetHandlers {
    return {
      onSuccess: (item) => {
        this.outcome = 'success';
        this.tokens.consume();
        this.host.setConnectedItem(item.id);
        this.host.setState('success');
        this.host.announce(this.strings.connected);
        this.element.dispatchEvent(createSuccessEvent({ item }));
        if (settings.callbackUrl) void this.reportItem(settings.callbackUrl, settings.credentials, item);
      },
      onError: (message, item) => {
        this.outcome = 'error';
        // Used up (an item exists) or refused by the widget (expired, revoked): the next open fetches a fresh one.
        this.tokens.consume();
        this.report(
          new PluggyConnectError({
            code: 'WIDGET_ERROR',
            phase: 'widget',
            message,
            retryable: true,
            ...(item ? { item } : {}),
          }),
        );
      },
      onEvent: (payload) => {
        // An item exists once the widget reports one: the token has done its job.
        if (payload.item) this.tokens.consume();
        this.element.dispatchEvent(createWidgetEventEvent(payload));
      },
      onHide: () => this.element.dispatchEvent(createHideEvent()),
      onClose: () => {
        // A widget that never opened ends in open()'s catch (timeout, render error) instead.
        if (!isCurrent() || !this.opened) return;
        this.session = undefined;
        releasePage(this);
        this.host.setState(this.outcome === 'none' ? 'idle' : this.outcome);
        this.element.dispatchEvent(createCloseEvent());
        if (this.element.isConnected) this.host.focusButton();
      },
    };
  }

  private async reportItem(
    url: string,
    credentials: RequestCredentials,
    item: Parameters<WidgetHandlers['onSuccess']>[0],
  ) {
    try {
      await reportConnectedItem({ url, item, credentials, timeoutMs: CALLBACK_TIMEOUT_MS });
    } catch (error) {
      this.report(error);
    }
  }

  private cancel(): void {
    this.run += 1;
    this.tokens.abort();
    // A widget still loading is dropped; an open one stays current so its close is reported.
    if (!this.opened) this.session = undefined;
    releasePage(this);
    if (this.element.state === 'loading') this.host.setState('idle');
  }

  private fail(error: unknown): void {
    this.host.setState('error');
    this.report(error);
  }

  private report(error: unknown): void {
    const failure =
      error instanceof PluggyConnectError
        ? error
        : new PluggyConnectError({
            code: 'WIDGET_ERROR',
            phase: 'widget',
            message: String(error),
            retryable: true,
            cause: error,
          });
    this.host.announce(
      failure.code === 'SDK_LOAD_FAILED'
        ? this.host.labels().loadFailed
        : this.strings.error.replace('{message}', this.strings.errors[failure.code]),
    );
    this.element.dispatchEvent(createErrorEvent(failure));
  }

  private readSettings() {
    const el = this.element;
    const prefersDark =
      typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
    return readConfig(
      {
        hasFetchToken: typeof el.fetchToken === 'function',
        tokenUrl: el.tokenUrl,
        connectToken: el.connectToken,
        itemId: el.itemId,
        callbackUrl: el.callbackUrl,
        connectUrl: el.connectUrl,
        credentials: el.credentials,
        preload: el.preloadPolicy,
        loadTimeout: el.loadTimeout,
        tokenTimeout: el.tokenTimeout,
        includeSandbox: el.includeSandbox,
        connectorTypes: el.connectorTypes,
        connectorIds: el.connectorIds,
        countries: el.countries,
        products: el.products,
        selectedConnectorId: el.selectedConnectorId,
        language: el.language,
        theme: el.theme,
        allowConnectInBackground: el.allowConnectInBackground,
        allowFullscreen: el.allowFullscreen,
        cpf: el.cpf,
        cnpj: el.cnpj,
        forceOauthInBrowser: el.forceOauthInBrowser,
        forceAskForCredentials: el.forceAskForCredentials,
        connectorSortAlphabetically: el.connectorSortAlphabetically,
      },
      { baseUrl: document.baseURI, prefersDark, inheritedLanguage: this.host.inheritedLanguage() },
    );
  }

  private tokenProvider(settings: ButtonSettings): TokenProvider | undefined {
    const itemId = settings.widget.updateItem;
    if (this.element.fetchToken)
      return callbackTokenProvider(this.element.fetchToken, itemId, settings.tokenTimeoutMs);
    if (settings.tokenUrl) {
      return urlTokenProvider({
        url: settings.tokenUrl,
        credentials: settings.credentials,
        timeoutMs: settings.tokenTimeoutMs,
        ...(itemId ? { itemId } : {}),
      });
    }
    return this.element.connectToken ? fixedTokenProvider(this.element.connectToken) : undefined;
  }

  private sdkSource(): SdkSource {
    const src = this.element.sdkSrc;
    return { ...(src ? { src: new URL(src, document.baseURI).href } : {}), ...this.nonce() };
  }

  private nonce(): { nonce?: string } {
    return this.element.nonce ? { nonce: this.element.nonce } : {};
  }

  private get strings(): Messages {
    return messagesFor(this.host.language());
  }
}

function invalidConfig(problems: ConfigProblem[]): PluggyConnectError {
  return new PluggyConnectError({
    code: 'INVALID_CONFIG',
    phase: 'config',
    message: `Invalid ${problems.map((problem) => `${problem.attribute} (${problem.message})`).join(', ')}`,
    retryable: false,
  });
}
