import { PluggyConnectError } from './errors.js';
import { importBundledSdk } from './sdk-import.js';
import { loadSdkScript } from './sdk-script.js';
import type { PluggyConnectConstructor } from './sdk-types.js';

export interface SdkSource {
  /** A classic script that defines the `PluggyConnect` global; by default the bundled SDK is imported. */
  src?: string;
  nonce?: string;
}

const loads = new Map<string, Promise<PluggyConnectConstructor>>();

/** Loads the SDK once per source for the whole page; a failed load is forgotten so the next call retries. */
export function loadPluggyConnect(source: SdkSource = {}): Promise<PluggyConnectConstructor> {
  const key = source.src ?? '';
  const existing = loads.get(key);
  if (existing) return existing;
  const load = (source.src ? loadSdkScript(source.src, source.nonce) : importBundledSdk(source.nonce)).catch(
    (error: unknown) => {
      loads.delete(key);
      throw new PluggyConnectError({
        code: 'SDK_LOAD_FAILED',
        phase: 'sdk',
        message: `pluggy-connect-sdk did not load: ${error instanceof Error ? error.message : String(error)}`,
        retryable: true,
        cause: error,
      });
    },
  );
  loads.set(key, load);
  return load;
}
