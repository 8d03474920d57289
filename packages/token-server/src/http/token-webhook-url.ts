/**
 * The base of the per-token `webhookUrl` (each user's tokens get `<base>/u/<user>/<signature>`,
 * webhooks/token-webhook-path.ts), and the check that Pluggy can deliver to it. Where Pluggy is known, a `publicUrl` that breaks the target's URL rules is a configuration error:
 * every connect token would be refused (the emulator) or its webhooks never arrive (Pluggy).
 */
import { webhookUrlProblem, type WebhookUrlRules } from './webhook-url-rules.js';

/** Which URL rules the Pluggy API in use applies; `unknown` for a PluggyApi whose address was not given. */
export type PluggyTarget = WebhookUrlRules | 'unknown';

export interface TokenWebhookUrlOptions {
  /** Absent: the site has no public address yet (no per-token URL unless `configured` gives one). */
  publicUrl: string | undefined;
  basePath: string;
  target: PluggyTarget;
  /** The host's own base for per-token URLs, or false for none; undefined to derive one from `publicUrl`. */
  configured?: string | false;
}

export class PublicUrlError extends TypeError {
  override readonly name = 'PublicUrlError';
}

function assertAcceptable(what: string, value: string, target: PluggyTarget): void {
  // Unknown target: refuse only what even the emulator's dev rules refuse (Pluggy refuses it too).
  const problem = webhookUrlProblem(value, target === 'pluggy' ? 'pluggy' : 'emulator');
  if (!problem) return;
  const reason =
    target === 'pluggy'
      ? "Pluggy delivers webhooks only to public HTTPS URLs on port 443 (use a tunnel's https URL locally)"
      : 'the emulator refuses such webhook URLs';
  throw new PublicUrlError(`${what} ${problem}: ${reason}.`);
}

/** The base of connect tokens' `webhookUrl`, or undefined for none; throws PublicUrlError on a bad URL. */
export function resolveTokenWebhookUrl(options: TokenWebhookUrlOptions): string | undefined {
  const { publicUrl, target, configured } = options;
  if (publicUrl !== undefined) assertAcceptable('publicUrl', publicUrl, target);
  if (configured === false) return undefined;
  if (configured !== undefined) {
    assertAcceptable('tokenWebhookUrl', configured, target);
    return configured.replace(/\/+$/, '');
  }
  if (publicUrl === undefined) return undefined;
  // A client of unknown address might be Pluggy's: send a URL only when Pluggy could reach it.
  if (target === 'unknown' && webhookUrlProblem(publicUrl, 'pluggy')) return undefined;
  const url = new URL(publicUrl);
  const root = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${root}${options.basePath}/webhooks`;
}
