/**
 * The per-token webhook path, `u/<user>/<signature>`: Pluggy puts a connect token's `webhookUrl` on every
 * item made with it, and the item reaches the browser (the widget's onSuccess, GET /items/{id} with the
 * token), so the path must not hold the webhook secret itself. It holds an HMAC of the user id under the
 * secret instead: a user who reads it can deliver only events scoped to their own items (the worker checks
 * the owner), and learns nothing that authenticates anything else.
 */
import { createHmac } from 'node:crypto';
import { matchesAnySecret } from './secrets.js';

/** Domain separation: this HMAC signs token webhook paths and nothing else. */
const PURPOSE = 'pluggy-kit token webhook path v1\0';
/** Longer user segments are refused before any HMAC is computed. */
const MAX_USER_SEGMENT = 512;

const sign = (secret: string, userId: string) =>
  createHmac('sha256', secret)
    .update(PURPOSE + userId, 'utf8')
    .digest('base64url');

/** The path below the webhook route for `userId`'s connect tokens, signed with `secret`. */
export function tokenWebhookPath(secret: string, userId: string): string {
  return `u/${Buffer.from(userId, 'utf8').toString('base64url')}/${sign(secret, userId)}`;
}

/** The user a `u/<user>/<signature>` path was signed for (under any accepted secret), or undefined. */
export function verifyTokenWebhookPath(
  userSegment: string,
  signature: string,
  secrets: readonly string[],
): string | undefined {
  if (userSegment.length === 0 || userSegment.length > MAX_USER_SEGMENT) return undefined;
  const userId = Buffer.from(userSegment, 'base64url').toString('utf8');
  // One encoding per user id: a segment that does not round-trip is not one this server made.
  if (Buffer.from(userId, 'utf8').toString('base64url') !== userSegment) return undefined;
  const expected = secrets.filter((secret) => secret !== '').map((secret) => sign(secret, userId));
  return matchesAnySecret(signature, expected) ? userId : undefined;
}
