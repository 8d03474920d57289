/** `POST /auth` (client pair → API key, 2 h) and `POST /connect_token` (API key → connect token, 30 min). */
import express, { type Router } from 'express';
import { z } from 'zod';
import { requireApiKey } from '../auth/auth-context.js';
import type { EmulatorContext } from '../context.js';
import { toIso } from '../dates.js';
import { ApiError } from '../errors.js';
import { TOO_MANY_REQUESTS_MESSAGE } from '../faults.js';
import { parseBody } from './validate.js';
import { assertWebhookUrl } from './webhook-url.js';

export const API_KEY_TTL_SECONDS = 2 * 60 * 60;
export const CONNECT_TOKEN_TTL_SECONDS = 30 * 60;

const authSchema = z.looseObject({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  nonExpiring: z.boolean().optional(),
});

const connectTokenSchema = z.looseObject({
  itemId: z.string().min(1).optional(),
  options: z
    .looseObject({
      clientUserId: z.string().min(1).max(256).optional(),
      webhookUrl: z.string().min(1).max(2048).optional(),
      oauthRedirectUri: z.string().min(1).max(2048).optional(),
      avoidDuplicates: z.boolean().optional(),
      connectorSortAlphabetically: z.boolean().optional(),
    })
    .optional(),
});

/** Pluggy's rule for OAuth redirects: an https URL that is not localhost, or an app deep link. */
function isValidRedirect(uri: string): boolean {
  try {
    const url = new URL(uri);
    if (url.protocol === 'http:') return false;
    if (url.protocol === 'https:') return !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    return /^[a-z][a-z0-9+.-]*:$/.test(url.protocol);
  } catch {
    return false;
  }
}

export function createAuthRoutes(ctx: EmulatorContext, authenticated: express.RequestHandler): Router {
  const router = express.Router();

  router.post('/auth', async (req, res) => {
    const limit = ctx.authLimiter.hit(req.ip ?? 'unknown');
    res.setHeader('RateLimit-Limit', String(limit.limit));
    res.setHeader('RateLimit-Reset', String(limit.resetSeconds));
    if (!limit.allowed)
      throw new ApiError(429, TOO_MANY_REQUESTS_MESSAGE, undefined, undefined, { 'Retry-After': '60' });
    const body = parseBody(authSchema, req.body, 'client credentials');
    if (!ctx.clients.isValid(body.clientId, body.clientSecret)) {
      throw new ApiError(401, 'Invalid client id or client secret', 'CLIENT_KEYS_UNAUTHORIZED');
    }
    const issuedAt = toIso(ctx.clock.now());
    const apiKey = await ctx.signer.sign({ kind: 'apiKey', clientId: body.clientId }, API_KEY_TTL_SECONDS);
    ctx.issuedApiKeys.record({ apiKey, clientId: body.clientId, issuedAt });
    res.status(200).json({ apiKey });
  });

  router.post('/connect_token', authenticated, async (req, res) => {
    const { clientId } = requireApiKey(res);
    const body = parseBody(connectTokenSchema, req.body, 'connect token request');
    const options = body.options ?? {};
    if (body.itemId) {
      const item = ctx.items.find(body.itemId);
      if (!item || item.clientId !== clientId) throw new ApiError(404, 'Item not found');
    }
    assertWebhookUrl(ctx, options.webhookUrl);
    if (options.oauthRedirectUri && !isValidRedirect(options.oauthRedirectUri)) {
      throw new ApiError(
        400,
        'options.oauthRedirectUri must be a valid HTTPS URL (not localhost) or a valid deep link',
      );
    }
    const accessToken = await ctx.signer.sign(
      { kind: 'connectToken', clientId, ...(body.itemId ? { itemId: body.itemId } : {}), options },
      CONNECT_TOKEN_TTL_SECONDS,
    );
    res.status(200).json({ accessToken });
  });

  return router;
}
