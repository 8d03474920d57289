// Typed access to test/fixtures/fake-sdk.js (a stand-in for the SDK, loaded through `sdk-src`).
export const FAKE_SDK_URL = new URL('../fixtures/fake-sdk.js', import.meta.url).href;

export interface FakeWidget {
  event(payload: Record<string, unknown>): void;
  success(item: Record<string, unknown>): void;
  error(message: string, item?: Record<string, unknown>): void;
  hide(): void;
  close(): Promise<void>;
}

export interface FakeInstance {
  props: Record<string, unknown>;
  widget: FakeWidget;
  /** How many times the element called the SDK's show(). */
  showCalls?: number;
}

interface FakeSdkState {
  mode: 'open' | 'hang' | 'reject';
  /** How long init() takes to resolve in `open` mode. */
  initDelayMs: number;
  instances: FakeInstance[];
}

export function fakeSdk(): FakeSdkState {
  const scope = window as unknown as { fakeSdk?: FakeSdkState };
  scope.fakeSdk ??= { mode: 'open', initDelayMs: 10, instances: [] };
  return scope.fakeSdk;
}

export function resetFakeSdk(): void {
  fakeSdk().mode = 'open';
  fakeSdk().initDelayMs = 10;
  fakeSdk().instances.length = 0;
}

export function lastInstance(): FakeInstance {
  const instance = fakeSdk().instances.at(-1);
  if (!instance) throw new Error('the element created no widget');
  return instance;
}

/** Counts live listeners on document and window (added minus removed), through the prototype. */
export function trackListeners(): { count(): number; restore(): void } {
  const live = new Set<string>();
  const ids = new WeakMap<object, number>();
  let next = 0;
  const id = (value: object) => {
    if (!ids.has(value)) ids.set(value, (next += 1));
    return ids.get(value);
  };
  const { addEventListener, removeEventListener } = EventTarget.prototype;
  const keyOf = (target: EventTarget, type: string, listener: unknown, options: unknown) =>
    `${target === document ? 'document' : 'window'}:${type}:${id(listener as object)}:${typeof options === 'boolean' ? options : Boolean((options as { capture?: boolean } | undefined)?.capture)}`;
  EventTarget.prototype.addEventListener = function (this: EventTarget, type, listener, options) {
    if ((this === document || this === window) && listener) live.add(keyOf(this, type, listener, options));
    return addEventListener.call(this, type, listener, options);
  };
  EventTarget.prototype.removeEventListener = function (this: EventTarget, type, listener, options) {
    if ((this === document || this === window) && listener) live.delete(keyOf(this, type, listener, options));
    return removeEventListener.call(this, type, listener, options);
  };
  return {
    count: () => live.size,
    restore: () => Object.assign(EventTarget.prototype, { addEventListener, removeEventListener }),
  };
}
