/**
 * Per-user and per-IP limits (in memory: per process). The IP is `req.ip`, which follows Express's
 * `trust proxy` setting, so a spoofed X-Forwarded-For changes nothing unless a proxy is trusted.
 */
import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { HttpError } from './http-error.js';
import { userIdOf } from './require-user.js';

export interface RateLimitOptions {
  /** Connect tokens per signed-in user per minute. Default 20. */
  tokenPerUserPerMinute?: number;
  /** Connect tokens per IP per minute (all users behind it). Default 60. */
  tokenPerIpPerMinute?: number;
  /** User-requested syncs (refresh) per user per minute. Default 6. */
  refreshPerUserPerMinute?: number;
  /** Any other API call per IP per minute. Default 600. */
  requestsPerIpPerMinute?: number;
  /** Webhook deliveries on one user's per-token webhook URL per minute (429 above). Default 120. */
  webhooksPerUserPerMinute?: number;
}

const rejected = (what: string) => (_req: Request, _res: Response, next: (error: unknown) => void) =>
  next(new HttpError(429, 'RATE_LIMITED', `Too many ${what}; try again after the Retry-After delay.`));

function limiter(limit: number, what: string, byUser: boolean): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: rejected(what),
    ...(byUser ? { keyGenerator: (_req: Request, res: Response) => `user:${userIdOf(res)}` } : {}),
  });
}

export interface RateLimits {
  tokenByIp: RequestHandler;
  tokenByUser: RequestHandler;
  refreshByUser: RequestHandler;
  anyByIp: RequestHandler;
}

export function createRateLimits(options: RateLimitOptions = {}): RateLimits {
  return {
    tokenByIp: limiter(options.tokenPerIpPerMinute ?? 60, 'connect-token requests from this address', false),
    tokenByUser: limiter(options.tokenPerUserPerMinute ?? 20, 'connect-token requests for this user', true),
    refreshByUser: limiter(options.refreshPerUserPerMinute ?? 6, 'sync requests for this user', true),
    anyByIp: limiter(options.requestsPerIpPerMinute ?? 600, 'requests from this address', false),
  };
}
