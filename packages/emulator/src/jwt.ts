/**
 * API keys and connect tokens: HS256 JWTs signed with a per-process secret, with `exp` on the emulator
 * clock (the official SDK decodes `exp` to decide when to renew, so it must be a real JWT).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, errors, jwtVerify, type JWTPayload } from 'jose';
import type { EmulatorClock } from './clock.js';

export type TokenKind = 'apiKey' | 'connectToken';

export interface TokenClaims extends JWTPayload {
  kind: TokenKind;
  clientId: string;
}

export type VerifyResult = { ok: true; claims: TokenClaims } | { ok: false; reason: 'expired' | 'invalid' };

export interface TokenSigner {
  /** Signs `claims` valid for `ttlSeconds` from the emulator's now; `jti` is a fresh uuid unless given. */
  sign(claims: TokenClaims, ttlSeconds: number): Promise<string>;
  verify(token: string): Promise<VerifyResult>;
}

/** Verified tokens are remembered (their signature cannot change); expiry is still checked on every call. */
const VERIFIED_CACHE_SIZE = 1000;

export function createTokenSigner(clock: EmulatorClock): TokenSigner {
  const secret = randomBytes(32);
  const verified = new Map<string, TokenClaims>();
  const remember = (token: string, claims: TokenClaims) => {
    if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value as string);
    verified.set(token, claims);
  };
  return {
    async sign(claims, ttlSeconds) {
      const nowSeconds = Math.floor(clock.now() / 1000);
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuedAt(nowSeconds)
        .setExpirationTime(nowSeconds + ttlSeconds)
        .setJti(claims.jti ?? randomUUID())
        .sign(secret);
    },
    async verify(token) {
      const known = verified.get(token);
      if (known) {
        return (known.exp ?? 0) * 1000 > clock.now()
          ? { ok: true, claims: known }
          : { ok: false, reason: 'expired' };
      }
      try {
        const { payload } = await jwtVerify<TokenClaims>(token, secret, {
          algorithms: ['HS256'],
          currentDate: new Date(clock.now()),
        });
        if (
          typeof payload.clientId !== 'string' ||
          (payload.kind !== 'apiKey' && payload.kind !== 'connectToken')
        ) {
          return { ok: false, reason: 'invalid' };
        }
        remember(token, payload);
        return { ok: true, claims: payload };
      } catch (error) {
        return { ok: false, reason: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
      }
    },
  };
}
