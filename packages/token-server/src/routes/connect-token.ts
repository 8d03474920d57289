/**
 * POST /connect-token {itemId?}: a connect token for the signed-in user. `clientUserId` is that user,
 * `webhookUrl` (signed for that user) and `oauthRedirectUri` are the server's, whatever the browser sends (unknown fields are a 400); update mode only for an
 * item the user owns. The user is recorded as one we minted for: only such users' items are adopted from
 * webhooks.
 */
import express, { type Router } from 'express';
import { decodeJwt } from 'jose';
import { z } from 'zod';
import { HttpError, itemNotFound } from '../http/http-error.js';
import { userIdOf } from '../http/require-user.js';
import { parseInput } from '../http/validation.js';
import { itemIdSchema } from './ids.js';
import type { RouteContext } from './route-context.js';

const requestSchema = z.object({ itemId: itemIdSchema.optional() }).strict();

// Pluggy's connect tokens live 30 minutes; when a token has no readable exp, say so conservatively.
const DOCUMENTED_LIFETIME_MS = 30 * 60_000;

function expiresAtOf(accessToken: string): string {
  try {
    const { exp } = decodeJwt(accessToken);
    if (typeof exp === 'number') return new Date(exp * 1000).toISOString();
  } catch {
    // Not a JWT: fall through.
  }
  return new Date(Date.now() + DOCUMENTED_LIFETIME_MS).toISOString();
}

export function connectTokenRoutes(context: RouteContext): Router {
  const router = express.Router();
  router.post('/connect-token', context.limits.tokenByIp, context.limits.tokenByUser, async (req, res) => {
    const { itemId } = parseInput(requestSchema, req.body ?? {}, 'connect-token request');
    const userId = userIdOf(res);
    const store = context.store();
    if (itemId && !(await store.items.findOwned(userId, itemId))) throw itemNotFound();
    // Before minting: items made with this token are then recognised as this user's from their first webhook.
    await store.tokenUsers.record(userId, new Date().toISOString());
    const webhookUrl = context.tokenWebhookUrl(userId);
    const { accessToken } = await context.pluggy.createConnectToken({
      clientUserId: userId,
      ...(itemId ? { itemId: itemId } : {}),
      ...(webhookUrl ? { webhookUrl } : {}),
      ...(context.oauthRedirectUri ? { oauthRedirectUri: context.oauthRedirectUri } : {}),
    });
    res
      .set('Cache-Control', 'no-store')
      .status(200)
      .json({ accessToken, expiresAt: expiresAtOf(accessToken) });
  });
  router.all('/connect-token', (_req, res) => {
    res.set('Allow', 'POST');
    throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'Use POST to get a connect token.');
  });
  return router;
}
