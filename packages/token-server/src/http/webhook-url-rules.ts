/**
 * Pluggy's rules for a URL it delivers webhooks to (pluggy.md §5.1, also for the per-token `webhookUrl`):
 * https on the default port 443, no user name or password, a public domain name (not an IP address, not
 * localhost or an internal name). The emulator in dev mode also accepts loopback http(s) on any port.
 */
export type WebhookUrlRules = 'pluggy' | 'emulator';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
// Names that resolve only inside a network (RFC 6761/6762, RFC 8375, common private suffixes).
const INTERNAL_SUFFIXES = ['localhost', 'local', 'localdomain', 'internal', 'intranet', 'lan', 'home.arpa'];
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TOP_LEVEL = /^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname);
}

export function isLoopbackUrl(value: string): boolean {
  return isLoopbackHost(new URL(value).hostname);
}

function hostProblem(hostname: string): string | null {
  if (IPV4.test(hostname) || hostname.startsWith('['))
    return 'its host must be a domain name, not an IP address';
  const internal = INTERNAL_SUFFIXES.some((suffix) => hostname === suffix || hostname.endsWith(`.${suffix}`));
  const labels = hostname.split('.');
  if (internal || labels.length < 2)
    return 'its host must be a public domain name, not localhost or an internal name';
  const valid = labels.every((label) => LABEL.test(label)) && TOP_LEVEL.test(labels.at(-1) ?? '');
  return valid ? null : 'its host is not a valid domain name';
}

/** Why `value` breaks the rules (a phrase that never repeats the URL, which may hold a secret), or null. */
export function webhookUrlProblem(value: string, rules: WebhookUrlRules): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute https URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an absolute https URL';
  if (url.username || url.password) return 'must not contain a user name or password';
  if (rules === 'emulator' && isLoopbackHost(url.hostname)) return null;
  if (url.protocol !== 'https:') return 'must use https';
  // The URL parser drops the default port, so any port left is not 443.
  if (url.port !== '') return 'must use the default https port 443';
  return hostProblem(url.hostname);
}
