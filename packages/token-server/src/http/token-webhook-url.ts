/**
 * The per-token `webhookUrl` (with the secret as a path segment). Pluggy delivers only to public HTTPS
 * URLs, so a plain-HTTP or loopback site gets none unless it talks to a local emulator, which accepts them.
 */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function tokenWebhookUrl(options: {
  publicUrl: string;
  basePath: string;
  secret: string;
  /** True when Pluggy is the local emulator (dev URL rules). */
  localPluggy: boolean;
}): string | undefined {
  const url = new URL(options.publicUrl);
  const reachableByPluggy = url.protocol === 'https:' && !LOOPBACK.has(url.hostname);
  if (!reachableByPluggy && !options.localPluggy) return undefined;
  const root = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${root}${options.basePath}/webhooks/${encodeURIComponent(options.secret)}`;
}

export function isLoopbackUrl(value: string): boolean {
  return LOOPBACK.has(new URL(value).hostname);
}
