/** Who is calling: an API key (full access) or a connect token (its own items only). */
import type { Response } from 'express';
import { ApiError, forbidden } from '../errors.js';

export interface ConnectTokenOptions {
  clientUserId?: string;
  webhookUrl?: string;
  oauthRedirectUri?: string;
  avoidDuplicates?: boolean;
  connectorSortAlphabetically?: boolean;
}

export type AuthContext =
  | { kind: 'apiKey'; clientId: string }
  | {
      kind: 'connectToken';
      clientId: string;
      tokenId: string;
      itemId?: string;
      options: ConnectTokenOptions;
    };

export function authOf(res: Response): AuthContext {
  const auth = res.locals.auth as AuthContext | undefined;
  if (!auth) throw new ApiError(403, 'Missing X-API-KEY header');
  return auth;
}

/** Routes that connect tokens may not use (product data, webhooks, tokens, deletes). */
export function requireApiKey(res: Response): { kind: 'apiKey'; clientId: string } {
  const auth = authOf(res);
  if (auth.kind !== 'apiKey')
    throw forbidden('Forbidden: a connect token cannot access this resource; use an API key');
  return auth;
}
