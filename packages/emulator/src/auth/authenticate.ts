/** `X-API-KEY` check for every Pluggy route except `POST /auth`. */
import type { NextFunction, Request, Response } from 'express';
import { ApiError } from '../errors.js';
import type { TokenSigner } from '../jwt.js';
import type { AuthContext, ConnectTokenOptions } from './auth-context.js';

export function authenticate(signer: TokenSigner, rejectStatus: 401 | 403) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const token = req.get('x-api-key');
    if (!token) throw new ApiError(rejectStatus, 'Missing X-API-KEY header');
    const result = await signer.verify(token);
    if (!result.ok) {
      throw new ApiError(rejectStatus, result.reason === 'expired' ? 'API key expired' : 'Invalid API key');
    }
    const { claims } = result;
    const auth: AuthContext =
      claims.kind === 'apiKey'
        ? { kind: 'apiKey', clientId: claims.clientId }
        : {
            kind: 'connectToken',
            clientId: claims.clientId,
            tokenId: claims.jti ?? '',
            ...(typeof claims.itemId === 'string' ? { itemId: claims.itemId } : {}),
            options: (claims.options ?? {}) as ConnectTokenOptions,
          };
    res.locals.auth = auth;
    next();
  };
}
