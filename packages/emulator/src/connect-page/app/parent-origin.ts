/// <reference lib="dom" />
/**
 * The parent page's origin, for `postMessage` (the SDK listens for `CONTINUE_IN_BACKGROUND` there).
 * zoid knows it; Chromium's `location.ancestorOrigins` is the fallback.
 */
import type { RawXprops } from './xprops.js';

export async function parentOrigin(xprops: RawXprops): Promise<string | undefined> {
  const fromZoid =
    typeof xprops.getParentDomain === 'function'
      ? await (xprops.getParentDomain as () => unknown)()
      : undefined;
  if (typeof fromZoid === 'string' && fromZoid.startsWith('http')) return fromZoid;
  return window.location.ancestorOrigins?.[0];
}
