import { pickConstructor, type PluggyConnectConstructor } from './sdk-types.js';

/** Loads a classic script build of the SDK (Pluggy's CDN file or ours) and reads its `PluggyConnect` global. */
export function loadSdkScript(src: string, nonce: string | undefined): Promise<PluggyConnectConstructor> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.async = true;
    if (nonce) script.nonce = nonce;
    script.addEventListener('load', () => {
      const constructor = pickConstructor((globalThis as { PluggyConnect?: unknown }).PluggyConnect);
      if (constructor) resolve(constructor);
      else reject(new Error(`${src} loaded but defined no PluggyConnect global`));
    });
    script.addEventListener('error', () => {
      // Leave no dead tag behind, so the retry starts clean.
      script.remove();
      reject(new Error(`${src} could not be loaded`));
    });
    document.head.append(script);
  });
}
