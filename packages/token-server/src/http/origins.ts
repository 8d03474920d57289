/** Origin allowlist: exact scheme, host and port; no wildcards, so suffix and prefix tricks never match. */
export function normalizeOrigins(origins: readonly string[]): Set<string> {
  const normalized = new Set<string>();
  for (const origin of origins) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new TypeError(`allowedOrigins: "${origin}" is not an origin such as https://shop.example.com`);
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== origin.replace(/\/$/, ''))
      throw new TypeError(
        `allowedOrigins: "${origin}" must be a bare origin (scheme://host[:port], no path)`,
      );
    normalized.add(url.origin);
  }
  return normalized;
}
