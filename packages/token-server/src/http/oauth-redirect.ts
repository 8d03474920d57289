/**
 * Pluggy's rule for `oauthRedirectUri` (pluggy.md §1.2, §8.2), where the user lands after an Open Finance
 * OAuth flow: "a valid HTTPS URL (not localhost) or a valid deep link". The emulator applies the same rule,
 * so there is no looser dev mode: Pluggy (or the emulator) would refuse every connect token carrying it.
 */
import { isLoopbackHost } from './webhook-url-rules.js';

// Schemes that are not an app's deep link, or that would run or read something in the browser.
const NOT_DEEP_LINKS = new Set([
  'http:',
  'javascript:',
  'data:',
  'file:',
  'blob:',
  'about:',
  'vbscript:',
  'ftp:',
  'ws:',
  'wss:',
]);

/** Why `value` is not an acceptable redirect (without repeating it), or null. */
export function oauthRedirectProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute https URL or an app deep link (myapp://…)';
  }
  if (url.username || url.password) return 'must not contain a user name or password';
  if (url.protocol === 'https:')
    return isLoopbackHost(url.hostname) ? 'must not point at localhost (Pluggy refuses it)' : null;
  if (url.protocol === 'http:') return 'must use https (Pluggy refuses http redirects, even on localhost)';
  if (NOT_DEEP_LINKS.has(url.protocol) || !/^[a-z][a-z0-9+.-]*:$/.test(url.protocol))
    return 'must be an https URL or an app deep link (myapp://…)';
  return null;
}
