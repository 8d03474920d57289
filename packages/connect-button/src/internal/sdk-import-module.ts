import { freshImporter } from './fresh-import.js';
import { pickConstructor, type PluggyConnectConstructor } from './sdk-types.js';

// The CDN module build uses this file for sdk-import.ts: the SDK is the module pluggy-connect-sdk.mjs next to
// the CDN files, imported by URL so a failed load can be retried.
const importSdkModule = freshImporter<unknown>('./pluggy-connect-sdk.mjs', import.meta.url);

export async function importBundledSdk(_nonce?: string): Promise<PluggyConnectConstructor> {
  const constructor = pickConstructor(await importSdkModule());
  if (!constructor) throw new Error('pluggy-connect-sdk.mjs exports no PluggyConnect');
  return constructor;
}
