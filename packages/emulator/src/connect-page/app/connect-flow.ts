/// <reference lib="dom" />
/**
 * The widget's flow: consent → institution → credentials → progress (polling the item) → MFA →
 * success or error, calling the SDK callbacks with Pluggy's payloads (pluggy.md §7.2, §11) and
 * reporting everything to the test hook.
 */
import type { ConnectResult } from '../protocol.js';
import { checkConnectToken, connectTokenOptions } from './connect-token.js';
import { prefillValues, selectConnectors, sortsAlphabetically } from './connector-filter.js';
import type { CredentialForm } from './credential-form.js';
import type { Messages } from './i18n/index.js';
import { isLoginStep, itemPhase, loginCompleted } from './item-progress.js';
import { watchItem, type ItemWatcher } from './item-watcher.js';
import { PluggyApiError, type PluggyApi } from './pluggy-api.js';
import type { Connector, ConnectorCredential, Item } from './pluggy-types.js';
import { renderConnectors } from './screens/connectors-screen.js';
import { renderConsent } from './screens/consent-screen.js';
import { renderCredentials } from './screens/credentials-screen.js';
import { renderMfa } from './screens/mfa-screen.js';
import { renderError, renderLoading, renderSuccess, renderTokenError } from './screens/outcome-screens.js';
import { renderProgress } from './screens/progress-screen.js';
import type { SessionReporter } from './session-reporter.js';
import type { ScreenName, Shell } from './shell.js';
import type { ConnectCallbacks, ConnectOptions } from './xprops.js';

export interface ConnectFlowDeps {
  shell: Shell;
  messages: Messages;
  options: ConnectOptions;
  callbacks: ConnectCallbacks;
  api: PluggyApi;
  reporter: SessionReporter;
  /** Posts a JSON string to the SDK's window `message` listener. */
  postToParent(message: string): void;
  pollIntervalMs: number;
}

// Screens on which an item exists, so minimising lets it finish in the background.
const BACKGROUND_SCREENS: ScreenName[] = ['progress', 'mfa', 'success', 'error'];
// The test hook must not hold a close back for long if the controls do not answer.
const CLOSE_REPORT_TIMEOUT_MS = 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ConnectFlow {
  private connectors: Connector[] = [];
  private connector: Connector | undefined;
  private item: Item | undefined;
  private lastValues: Record<string, string> = {};
  /** Polls the current item; replaced on each submission, stopped when the flow ends or closes. */
  private watcher: ItemWatcher | undefined;
  private outcome: ConnectResult | undefined;
  private closing = false;
  private loginReported = false;
  private usedMfa = false;
  private answeredParameter: string | undefined;
  private setProgressStep: ((text: string) => void) | undefined;

  constructor(private readonly deps: ConnectFlowDeps) {}

  async start(): Promise<void> {
    this.show('loading', renderLoading(this.deps.messages));
    const problem = checkConnectToken(this.deps.options.connectToken, Date.now());
    if (problem) {
      this.failToken(problem === 'expired', undefined);
      return;
    }
    try {
      await this.loadStartData();
    } catch (error) {
      this.failFatally(error);
      return;
    }
    this.showConsent();
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.watcher?.stop();
    const report = this.deps.reporter.report({
      closed: true,
      ...(this.outcome ? {} : { result: 'closed' as const }),
    });
    await Promise.race([report, sleep(CLOSE_REPORT_TIMEOUT_MS)]);
    await this.deps.callbacks.close();
  }

  continueInBackground(): void {
    this.deps.postToParent(JSON.stringify({ type: 'CONTINUE_IN_BACKGROUND' }));
    this.deps.callbacks.onHide();
    this.deps.callbacks.hide();
    void this.deps.reporter.report({ hidden: true });
  }

  private show(name: ScreenName, content: HTMLElement): void {
    this.deps.shell.show(name, content);
    this.deps.shell.setBackgroundAllowed(
      this.deps.options.allowConnectInBackground && BACKGROUND_SCREENS.includes(name),
    );
    if (name !== 'progress') this.setProgressStep = undefined;
  }

  private emit(event: string, fields: Record<string, unknown> = {}): void {
    const payload = { event, timestamp: Date.now(), ...fields };
    this.deps.callbacks.onEvent(payload);
    void this.deps.reporter.report({ events: [payload] });
  }

  private async loadStartData(): Promise<void> {
    const { api, options } = this.deps;
    if (options.updateItem) {
      this.item = await api.getItem(options.updateItem);
      this.connector = this.item.connector.credentials
        ? this.item.connector
        : await api.getConnector(this.item.connector.id);
    } else if (options.selectedConnectorId !== undefined) {
      this.connector = await api.getConnector(options.selectedConnectorId);
    } else {
      const all = await api.listConnectors({
        sandbox: options.includeSandbox,
        countries: options.countries,
        types: options.connectorTypes,
      });
      this.connectors = selectConnectors(all, {
        ...options,
        connectorSortAlphabetically: sortsAlphabetically(
          options.connectorSortAlphabetically,
          connectTokenOptions(options.connectToken),
        ),
      });
    }
  }

  private showConsent(): void {
    this.show(
      'consent',
      renderConsent(this.deps.messages, () => {
        this.emit('SUBMITTED_CONSENT');
        if (this.deps.options.updateItem) this.resumeOrAskCredentials();
        else if (this.connector) this.selectConnector(this.connector);
        else this.showConnectors();
      }),
    );
  }

  /**
   * Update mode: an item still waiting for the user's MFA answer resumes at that question (the user
   * reopened the widget to answer it); any other item asks for its credentials again.
   */
  private resumeOrAskCredentials(): void {
    const item = this.item;
    if (item && itemPhase(item) === 'waiting-input' && item.parameter) this.trackItem(item);
    else this.showCredentials();
  }

  private showConnectors(): void {
    this.show(
      'connectors',
      renderConnectors(this.deps.messages, this.connectors, (connector) => this.selectConnector(connector)),
    );
  }

  private selectConnector(connector: Connector): void {
    this.connector = connector;
    this.item = undefined;
    this.lastValues = prefillValues(connector, this.deps.options.openFinanceParameters);
    this.emit('SELECTED_INSTITUTION', { connector });
    this.showCredentials();
  }

  private canGoBackToList(): boolean {
    const { options } = this.deps;
    return !options.updateItem && options.selectedConnectorId === undefined;
  }

  private showCredentials(): void {
    const connector = this.connector;
    if (!connector) return;
    const { element, form } = renderCredentials({
      messages: this.deps.messages,
      connector,
      updating: Boolean(this.deps.options.updateItem),
      initialValues: this.lastValues,
      onSubmit: (values) => void this.submitCredentials(connector, values, form),
      onBack: this.canGoBackToList()
        ? () => {
            this.emit('SELECTED_INSTITUTION', { connector: null });
            this.showConnectors();
          }
        : undefined,
    });
    this.show('credentials', element);
  }

  private async submitCredentials(
    connector: Connector,
    values: Record<string, string>,
    form: CredentialForm,
  ): Promise<void> {
    form.setBusy(true);
    this.lastValues = keepReusableValues(connector.credentials, values);
    this.emit('SUBMITTED_LOGIN');
    this.usedMfa = connector.credentials.some(
      (credential) => credential.mfa && values[credential.name] !== undefined,
    );
    let item: Item;
    try {
      // Retrying after an error updates the same item rather than creating a duplicate.
      item = this.item
        ? await this.deps.api.updateItem(this.item.id, { parameters: values })
        : await this.deps.api.createItem(connector.id, {
            parameters: values,
            ...(this.deps.options.products ? { products: this.deps.options.products } : {}),
          });
    } catch (error) {
      form.setBusy(false);
      this.showFormFailure(error, form);
      return;
    }
    this.trackItem(item);
  }

  private showFormFailure(error: unknown, form: CredentialForm): void {
    if (error instanceof PluggyApiError && error.isTokenRejected) {
      this.failToken(false, error);
      return;
    }
    const details = error instanceof PluggyApiError ? (error.body?.details ?? []) : [];
    form.showFieldErrors(
      details
        .filter((detail) => detail.parameter && detail.message)
        .map((detail) => ({ parameter: detail.parameter ?? '', message: detail.message ?? '' })),
    );
    const transient = !(error instanceof PluggyApiError) || error.isTransient;
    form.showFormError(transient ? this.deps.messages.serviceUnavailable : error.message);
  }

  private showProgress(): void {
    const connectorName = this.connector?.name ?? '';
    const { element, setStep } = renderProgress(this.deps.messages, connectorName);
    this.show('progress', element);
    this.setProgressStep = setStep;
  }

  private trackItem(item: Item): void {
    this.watcher?.stop();
    this.loginReported = false;
    this.answeredParameter = undefined;
    this.showProgress();
    this.handleItem(item, 'write');
    this.watcher = watchItem({
      api: this.deps.api,
      itemId: item.id,
      intervalMs: this.deps.pollIntervalMs,
      onItem: (polled) => this.handleItem(polled, 'poll'),
      onFailure: (error) => this.failFatally(error),
    });
  }

  /**
   * Reacts to one item from the API; says whether polling should go on. The answer to a write (create,
   * update, MFA) may still show the previous run's final state, so only polls end the flow.
   */
  private handleItem(item: Item, source: 'write' | 'poll'): 'continue' | 'stop' {
    this.item = item;
    this.emit('ITEM_RESPONSE', { item });
    if (source === 'write' && (itemPhase(item) === 'success' || itemPhase(item) === 'error'))
      return 'continue';
    if (!this.loginReported && loginCompleted(item)) {
      this.loginReported = true;
      this.emit(this.usedMfa ? 'LOGIN_MFA_SUCCESS' : 'LOGIN_SUCCESS', { item });
      this.emit('LOGIN_STEP_COMPLETED', { item });
    }
    const phase = itemPhase(item);
    if (phase !== 'waiting-input') this.answeredParameter = undefined;
    switch (phase) {
      case 'success':
        this.succeed(item);
        return 'stop';
      case 'error':
        this.failItem(item);
        return 'stop';
      case 'waiting-input':
        if (
          item.parameter &&
          this.deps.shell.current.name !== 'mfa' &&
          item.parameter.name !== this.answeredParameter
        ) {
          this.showMfa(item, item.parameter);
        }
        return 'continue';
      case 'waiting-action':
        this.setProgressStep?.(item.userAction?.instructions ?? this.deps.messages.waitingUserAction);
        return 'continue';
      default:
        this.setProgressStep?.(
          isLoginStep(item) ? this.deps.messages.progressLogin : this.deps.messages.progressCollecting,
        );
        return 'continue';
    }
  }

  private showMfa(item: Item, parameter: ConnectorCredential): void {
    const watcher = this.watcher;
    const { element, form } = renderMfa(this.deps.messages, parameter, (values) => {
      void this.submitMfa(item.id, parameter, values, form, watcher);
    });
    this.show('mfa', element);
  }

  private async submitMfa(
    itemId: string,
    parameter: ConnectorCredential,
    values: Record<string, string>,
    form: CredentialForm,
    watcher: ItemWatcher | undefined,
  ): Promise<void> {
    form.setBusy(true);
    this.emit('SUBMITTED_MFA');
    this.usedMfa = true;
    let item: Item;
    try {
      item = await this.deps.api.sendMfa(itemId, values);
    } catch (error) {
      form.setBusy(false);
      this.showFormFailure(error, form);
      return;
    }
    // The flow moved on (closed, or the item ended) while the answer was on its way.
    if (!watcher || watcher !== this.watcher || watcher.stopped) return;
    // Until the item leaves WAITING_USER_INPUT, polls still show this same question.
    this.answeredParameter = parameter.name;
    this.showProgress();
    this.handleItem(item, 'write');
  }

  private succeed(item: Item): void {
    this.outcome = 'success';
    void this.deps.reporter.report({ result: 'success' });
    this.deps.callbacks.onSuccess({ item });
    const partial = item.executionStatus === 'PARTIAL_SUCCESS';
    this.show(
      'success',
      renderSuccess(this.deps.messages, item.connector.name, partial, () => void this.close()),
    );
  }

  private failItem(item: Item): void {
    const { messages } = this.deps;
    const code = item.error?.code ?? item.executionStatus;
    const message = item.error?.message ?? code;
    this.outcome = 'error';
    void this.deps.reporter.report({ result: 'error' });
    this.deps.callbacks.onError({ message, data: { item } });
    const text = messages.itemErrors[code] ?? item.error?.message ?? messages.genericItemError;
    this.show(
      'error',
      renderError(messages, text, () => this.showCredentials()),
    );
  }

  /** Errors no retry on the form can fix: token rejected, API unreachable while loading or polling. */
  private failFatally(error: unknown): void {
    if (error instanceof PluggyApiError && error.isTokenRejected) {
      this.failToken(false, error);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    this.outcome = 'error';
    void this.deps.reporter.report({ result: 'error' });
    this.deps.callbacks.onError({ message, ...(this.item ? { data: { item: this.item } } : {}) });
    // A refusal the API explains (unknown connector or item) is shown as is; outages get the generic text.
    const text =
      error instanceof PluggyApiError && !error.isTransient ? message : this.deps.messages.serviceUnavailable;
    this.show('error', renderError(this.deps.messages, text, undefined));
  }

  private failToken(expired: boolean, error: PluggyApiError | undefined): void {
    this.watcher?.stop();
    this.outcome = 'error';
    const reason = expired ? 'The connect token has expired' : 'The connect token is invalid or was rejected';
    void this.deps.reporter.report({ result: 'error' });
    this.deps.callbacks.onError({
      message: error?.body?.message ? `${reason}: ${error.body.message}` : reason,
    });
    this.show('token-error', renderTokenError(this.deps.messages, expired));
  }
}

/** What a retry may show again: never secrets (passwords, MFA codes). */
function keepReusableValues(
  credentials: ConnectorCredential[],
  values: Record<string, string>,
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const credential of credentials) {
    const value = values[credential.name];
    if (value !== undefined && credential.type !== 'password' && !credential.mfa)
      kept[credential.name] = value;
  }
  return kept;
}
