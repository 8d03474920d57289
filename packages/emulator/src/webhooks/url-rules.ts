/**
 * Pluggy's webhook URL rules (docs: reference/webhooks). They apply to registered webhooks and to the
 * per-item / per-token `webhookUrl`. Dev mode keeps them and also lets loopback receivers in, so tests
 * and the demo can listen on http://127.0.0.1:PORT.
 */

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

// Names that only resolve inside a network (RFC 6761/6762, RFC 8375 and common private suffixes).
const INTERNAL_SUFFIXES = [
  'localhost',
  'local',
  'localdomain',
  'internal',
  'intranet',
  'lan',
  'corp',
  'home',
  'home.arpa',
  'private',
];

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TOP_LEVEL_DOMAIN = /^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function isInternalName(hostname: string): boolean {
  return INTERNAL_SUFFIXES.some((suffix) => hostname === suffix || hostname.endsWith(`.${suffix}`));
}

function domainNameProblem(hostname: string): string | null {
  if (IPV4.test(hostname) || hostname.startsWith('[')) {
    return 'its host must be a domain name, not an IP address';
  }
  if (isInternalName(hostname)) return 'localhost and internal host names are not reachable by Pluggy';
  const labels = hostname.split('.');
  if (labels.length < 2) return 'its host must be a public domain name (internal names are not reachable)';
  const tld = labels[labels.length - 1] ?? '';
  if (!labels.every((label) => DOMAIN_LABEL.test(label)) || !TOP_LEVEL_DOMAIN.test(tld)) {
    return 'its host is not a valid domain name';
  }
  return null;
}

/**
 * Returns why `url` breaks the URL rules in force (a sentence for the API's error message), or null when
 * it is acceptable. `strict` = Pluggy's rules only; otherwise http/https loopback on any port is allowed too.
 */
export function validateWebhookUrl(url: string, strict: boolean): string | null {
  const parsed = parse(url);
  if (!parsed || !/^https?:$/.test(parsed.protocol)) {
    return `Invalid webhook url "${url}": it must be an absolute https URL`;
  }
  if (parsed.username || parsed.password) {
    return `Invalid webhook url "${url}": it must not contain a user name or password`;
  }
  if (!strict && LOOPBACK_HOSTS.has(parsed.hostname)) return null;

  const devHint = strict
    ? ''
    : ' (dev mode also accepts http(s)://127.0.0.1, [::1] or localhost on any port)';
  if (parsed.protocol !== 'https:') {
    return `Invalid webhook url "${url}": it must use https${devHint}`;
  }
  // The WHATWG parser drops the default port, so any port left here is not 443.
  if (parsed.port !== '') {
    return `Invalid webhook url "${url}": it must use the default https port 443${devHint}`;
  }
  const hostProblem = domainNameProblem(parsed.hostname);
  return hostProblem ? `Invalid webhook url "${url}": ${hostProblem}${devHint}` : null;
}
