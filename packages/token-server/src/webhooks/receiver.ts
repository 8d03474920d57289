/**
 * POST /webhooks (registered webhooks: the secret in a header) and POST /webhooks/u/:user/:signature (the
 * per-token URL, signed for one user: its events are scoped to that user's items). Order matters:
 * authenticate, parse, validate, commit the inbox row, and only then answer 2xx, so an acknowledged event is
 * never lost; processing happens in the worker. Rows are committed in groups under load
 * (inbox-batcher.ts), each request still after its own commit.
 */
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { Store } from '../store/index.js';
import { deliveryEnvelope, isHandledEvent, validateHandledEvent } from './events.js';
import { createInboxBatcher } from './inbox-batcher.js';
import { trackAcknowledgement } from '../store/write-priority.js';
import { notifyEnqueued } from './inbox-signal.js';
import type { WebhookLogger } from './log.js';
import { createScopedDeliveryLimit } from './scoped-delivery-limit.js';
import { matchesAnySecret } from './secrets.js';
import { verifyTokenWebhookPath } from './token-webhook-path.js';

export const WEBHOOK_SECRET_HEADER = 'x-pluggy-kit-secret';
const MAX_BODY = '100kb';

export interface WebhookReceiverOptions {
  store: Store;
  /** Accepted secrets: the current one first, plus older ones while a rotation overlaps. */
  secrets: string[];
  logger: WebhookLogger;
  /** Deliveries per minute on one user's signed path (a user can read their own path). Default 120. */
  scopedDeliveriesPerMinute?: number;
}

// Reads JSON whatever the Content-Type says: Pluggy's deliveries are JSON, and a host may or may not have
// mounted its own body parser before this handler.
const parseJson = express.json({ limit: MAX_BODY, type: () => true, strict: true });

function fail(res: Response, status: number, code: string, message: string, details?: unknown): void {
  res.status(status).json(details === undefined ? { code, message } : { code, message, details });
}

/** createServer's request log skips deliveries: this receiver writes the one line each gets. */
function refuse(
  logger: WebhookLogger,
  req: Request,
  res: Response,
  refusal: { status: number; code: string; message: string; details?: unknown },
): void {
  logger.warn(
    { ip: req.ip, status: refusal.status, code: refusal.code },
    `webhook refused: ${refusal.message}`,
  );
  fail(res, refusal.status, refusal.code, refusal.message, refusal.details);
}

function readBody(
  req: Request,
  res: Response,
): Promise<{ ok: true } | { ok: false; status: number; code: string }> {
  if (req.body !== undefined) return Promise.resolve({ ok: true });
  return new Promise((resolve) => {
    parseJson(req, res, (error?: unknown) => {
      if (!error) return resolve({ ok: true });
      const type = (error as { type?: string }).type;
      if (type === 'entity.too.large') return resolve({ ok: false, status: 413, code: 'PAYLOAD_TOO_LARGE' });
      resolve({ ok: false, status: 400, code: 'INVALID_JSON' });
    });
  });
}

/** `{scopeUserId}` for an authentic delivery (null: a registered webhook, every item), or undefined. */
function authenticate(req: Request, secrets: readonly string[]): { scopeUserId: string | null } | undefined {
  const { user, signature } = req.params as Record<string, string | undefined>;
  if (user !== undefined && signature !== undefined) {
    const scopeUserId = verifyTokenWebhookPath(user, signature, secrets);
    return scopeUserId === undefined ? undefined : { scopeUserId };
  }
  const fromHeader = req.headers[WEBHOOK_SECRET_HEADER];
  const presented = Array.isArray(fromHeader) ? fromHeader[0] : fromHeader;
  return matchesAnySecret(presented, secrets) ? { scopeUserId: null } : undefined;
}

export function createWebhookReceiver(options: WebhookReceiverOptions): RequestHandler {
  const secrets = options.secrets.filter((secret) => secret !== '');
  if (secrets.length === 0)
    throw new Error('createWebhookReceiver needs at least one non-empty secret (WEBHOOK_SECRET).');
  const { store, logger } = options;
  const inbox = createInboxBatcher(store);
  const scopedLimit = createScopedDeliveryLimit(options.scopedDeliveriesPerMinute ?? 120);

  return async (req, res) => {
    // The worker's SQLite queries give way until this delivery is answered (store/write-priority.ts).
    res.once('close', trackAcknowledgement());
    const authentic = authenticate(req, secrets);
    if (!authentic) {
      logger.warn({ ip: req.ip, status: 401 }, 'webhook rejected: missing or wrong secret');
      return fail(res, 401, 'WEBHOOK_UNAUTHORIZED', 'Missing or wrong webhook secret.');
    }
    const { scopeUserId } = authentic;
    if (scopeUserId !== null) {
      // Counted only once authentic: nobody can use up another user's allowance.
      const retryAfterSeconds = await scopedLimit.hit(scopeUserId);
      if (retryAfterSeconds !== undefined) {
        res.setHeader('Retry-After', String(retryAfterSeconds));
        return refuse(logger, req, res, {
          status: 429,
          code: 'RATE_LIMITED',
          message: "Too many deliveries on this user's webhook URL; deliver again after Retry-After.",
        });
      }
    }

    const body = await readBody(req, res);
    if (!body.ok) {
      const message =
        body.status === 413 ? 'Webhook body is over 100 KB.' : 'Webhook body is not valid JSON.';
      return refuse(logger, req, res, { status: body.status, code: body.code, message });
    }

    const envelope = deliveryEnvelope.safeParse(req.body);
    if (!envelope.success) {
      return refuse(logger, req, res, {
        status: 400,
        code: 'INVALID_WEBHOOK',
        message: 'A webhook needs a string `eventId` and `event`.',
        details: envelope.error.issues,
      });
    }
    const { eventId, event } = envelope.data;

    if (!isHandledEvent(event)) {
      // Answered 2xx so Pluggy does not retry an event this server will never act on.
      logger.info({ eventId, event }, 'webhook ignored: event type not handled');
      res.status(200).json({ received: true, ignored: true });
      return;
    }
    const checked = validateHandledEvent(event, req.body);
    if (!checked.success) {
      return refuse(logger, req, res, {
        status: 400,
        code: 'INVALID_WEBHOOK',
        message: `The ${event} payload is missing required fields.`,
        details: checked.error.issues,
      });
    }

    const payload = req.body as Record<string, unknown>;
    const itemId = typeof payload.itemId === 'string' ? payload.itemId : null;
    let result: 'inserted' | 'duplicate';
    try {
      result = await inbox.insert({ eventId, event, itemId, payload, receivedAt: Date.now(), scopeUserId });
    } catch (error) {
      logger.error({ err: error, eventId, event }, 'webhook not stored: store unavailable');
      res.setHeader('Retry-After', '5');
      return fail(res, 503, 'STORE_UNAVAILABLE', 'The event could not be stored; deliver it again later.');
    }
    if (result === 'inserted') notifyEnqueued(store);
    logger.info({ eventId, event, itemId, duplicate: result === 'duplicate' }, 'webhook accepted');
    res.status(200).json({ received: true, duplicate: result === 'duplicate' });
  };
}
