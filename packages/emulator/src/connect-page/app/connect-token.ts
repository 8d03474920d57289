/// <reference lib="dom" />
/**
 * A first look at the connect token before any API call: is it a JWT, has it expired, and which
 * `POST /connect_token` options (pluggy.md §1.2) does it carry?
 */

export type TokenProblem = 'invalid' | 'expired';

function decodePayload(token: string): unknown {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
  try {
    return JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='))) as unknown;
  } catch {
    return undefined;
  }
}

/** The token's `options` as the emulator signed them; empty for a token that is not one of its JWTs. */
export function connectTokenOptions(token: string): Record<string, unknown> {
  const payload = decodePayload(token);
  const options =
    payload && typeof payload === 'object' ? (payload as { options?: unknown }).options : undefined;
  return options && typeof options === 'object' ? (options as Record<string, unknown>) : {};
}

/** The API has the last word (401/403); this catches what is visible without asking it. */
export function checkConnectToken(token: string, nowMs: number): TokenProblem | undefined {
  const payload = decodePayload(token);
  if (!payload || typeof payload !== 'object') return 'invalid';
  const exp = (payload as { exp?: unknown }).exp;
  if (typeof exp === 'number' && exp * 1000 <= nowMs) return 'expired';
  return undefined;
}
