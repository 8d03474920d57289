import { loadSdkScript } from './sdk-script.js';
import type { PluggyConnectConstructor } from './sdk-types.js';

// The classic-script CDN build swaps `sdk-import.ts` for this file (scripts/build-cdn.mjs): a classic script
// cannot import a chunk, so it loads the SDK file published next to it. Read while the script runs.
const ownSrc =
  typeof document === 'undefined' ? undefined : (document.currentScript as HTMLScriptElement | null)?.src;

export function importBundledSdk(nonce?: string): Promise<PluggyConnectConstructor> {
  if (!ownSrc)
    return Promise.reject(new Error('cannot locate pluggy-connect-sdk.js next to this script; set sdk-src'));
  return loadSdkScript(new URL('pluggy-connect-sdk.js', ownSrc).href, nonce);
}
