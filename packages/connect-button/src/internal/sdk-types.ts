/** The part of `pluggy-connect-sdk`'s PluggyConnect instance the element uses. */
export interface PluggyConnectInstance {
  init(container?: HTMLElement): Promise<void>;
  destroy(): Promise<void>;
  show(): Promise<void>;
  hide(): Promise<void>;
}

export type PluggyConnectConstructor = new (props: Record<string, unknown>) => PluggyConnectInstance;

/** Finds the constructor in a module namespace or in the CDN bundle's `PluggyConnect` global (class or namespace). */
export function pickConstructor(candidate: unknown): PluggyConnectConstructor | undefined {
  if (typeof candidate === 'function') return candidate as PluggyConnectConstructor;
  const named = (candidate as { PluggyConnect?: unknown; default?: unknown } | null | undefined) ?? {};
  if (typeof named.PluggyConnect === 'function') return named.PluggyConnect as PluggyConnectConstructor;
  if (typeof named.default === 'function') return named.default as PluggyConnectConstructor;
  return undefined;
}
