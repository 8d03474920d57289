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

export function createTokenSigner(clock: EmulatorClock): TokenSigner {
  const secret = randomBytes(32);
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
        return { ok: true, claims: payload };
      } catch (error) {
        return { ok: false, reason: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
      }
    },
  };
}
