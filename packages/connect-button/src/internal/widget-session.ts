import { PluggyConnectError } from './errors.js';
import type { PluggyItem, PluggyWidgetEvent } from './item.js';
import { LeakGuard } from './leak-guard.js';
import type { PluggyConnectConstructor, PluggyConnectInstance } from './sdk-types.js';

export interface WidgetHandlers {
  onSuccess(item: PluggyItem): void;
  onError(message: string, item: PluggyItem | undefined): void;
  onEvent(payload: PluggyWidgetEvent): void;
  onHide(): void;
  /** Once per session, whoever closed it (user, widget, Escape, `close()`, timeout). */
  onClose(): void;
}

export interface WidgetSessionOptions {
  props: Record<string, unknown>;
  loadTimeoutMs: number;
  nonce?: string;
}

const CLOSE_WAIT_MS = 2_000;

/**
 * One render of the Pluggy Connect widget: starts it, times out a load that never settles (the SDK's `init()`
 * waits forever when the frame is blocked), reports each callback once per cause and leaves nothing behind.
 */
export class WidgetSession {
  private instance: PluggyConnectInstance | undefined;
  private guard: LeakGuard | undefined;
  private closing: Promise<void> | undefined;
  private succeeded = false;
  private ended = false;
  /** Minimised by the user (`onHide`, with `allowConnectInBackground`), until `show()`. */
  private hidden = false;
  private rejectLoading: (() => void) | undefined;

  constructor(
    private readonly PluggyConnect: PluggyConnectConstructor,
    private readonly options: WidgetSessionOptions,
    private readonly handlers: WidgetHandlers,
  ) {}

  /** Resolves once the widget's page has loaded; rejects with WIDGET_LOAD_TIMEOUT or WIDGET_ERROR after cleaning up. */
  async start(): Promise<void> {
    const guard = new LeakGuard(this.options.nonce);
    this.guard = guard;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const instance = new this.PluggyConnect({
        ...this.options.props,
        ...(this.options.nonce ? { cspNonce: this.options.nonce } : {}),
        onSuccess: (data: { item: PluggyItem }) => this.succeed(data.item),
        onError: (error: { message?: string; data?: { item?: PluggyItem } }) => {
          if (!this.ended)
            this.handlers.onError(error.message ?? 'The widget reported an error', error.data?.item);
        },
        onEvent: (payload: PluggyWidgetEvent) => {
          if (!this.ended) this.handlers.onEvent(payload);
        },
        onHide: () => {
          if (this.ended) return;
          this.hidden = true;
          this.handlers.onHide();
        },
        onClose: () => this.end(),
      });
      this.instance = instance;
      const loaded = guard.watch(() => instance.init());
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(loadTimeout(this.options.loadTimeoutMs)), this.options.loadTimeoutMs);
      });
      const closedWhileLoading = new Promise<never>((_, reject) => {
        this.rejectLoading = () => reject(new DOMException('The widget closed while loading', 'AbortError'));
      });
      await Promise.race([loaded, timedOut, closedWhileLoading]);
      if (this.ended) throw new DOMException('The widget closed while loading', 'AbortError');
    } catch (error) {
      await this.close();
      throw error instanceof PluggyConnectError || (error instanceof Error && error.name === 'AbortError')
        ? error
        : new PluggyConnectError({
            code: 'WIDGET_ERROR',
            phase: 'widget',
            message: `The widget failed to render: ${error instanceof Error ? error.message : String(error)}`,
            retryable: true,
            cause: error,
          });
    } finally {
      clearTimeout(timer);
    }
  }

  /** Brings a minimised widget back through the SDK's `show()`; false when it was not minimised. */
  async show(): Promise<boolean> {
    if (!this.hidden || this.ended || !this.instance) return false;
    // Cleared before the await, so a double click shows it once.
    this.hidden = false;
    try {
      await this.instance.show();
    } catch (error) {
      this.hidden = true;
      throw error;
    }
    return true;
  }

  /** Closes the widget (idempotent); `onClose` fires once. */
  close(): Promise<void> {
    this.closing ??= this.closeWidget().finally(() => {
      this.end();
      // Only now: removing the container while zoid is still closing it breaks zoid's own teardown.
      this.guard?.removeLeftoverFrames();
    });
    return this.closing;
  }

  private succeed(item: PluggyItem): void {
    if (this.ended || this.succeeded) return;
    this.succeeded = true;
    this.handlers.onSuccess(item);
  }

  private async closeWidget(): Promise<void> {
    // The SDK has no close(); its zoid instance (a runtime-public field) does, and fires the SDK's onClose.
    const zoidInstance = (
      this.instance as { componentInstance?: { close?: () => Promise<void> } } | undefined
    )?.componentInstance;
    const closed = zoidInstance?.close ? zoidInstance.close() : this.instance?.destroy();
    await Promise.race([
      Promise.resolve(closed).catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS)),
    ]);
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.rejectLoading?.();
    this.guard?.release();
    this.handlers.onClose();
  }
}

function loadTimeout(ms: number): PluggyConnectError {
  return new PluggyConnectError({
    code: 'WIDGET_LOAD_TIMEOUT',
    phase: 'widget',
    message: `The Pluggy Connect page did not load within ${ms} ms (blocked by CSP frame-src, a firewall or the network?)`,
    retryable: true,
  });
}
