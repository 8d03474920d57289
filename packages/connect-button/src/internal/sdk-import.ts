import { pickConstructor, type PluggyConnectConstructor } from './sdk-types.js';

/** The SDK bundled with the element; a bundler splits it into its own chunk that loads only on demand. */
export async function importBundledSdk(_nonce?: string): Promise<PluggyConnectConstructor> {
  const constructor = pickConstructor(await import('pluggy-connect-sdk'));
  if (!constructor) throw new Error('pluggy-connect-sdk exports no PluggyConnect');
  return constructor;
}
