/**
 * Server-side CSRF defence for state-changing routes, independent of the browser honouring CORS:
 * a custom header a cross-site form cannot send, and an Origin that is ours or allowlisted.
 */
import type { Request, RequestHandler } from 'express';
import { HttpError } from './http-error.js';

export const CSRF_HEADER = 'x-requested-with';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function ownOrigin(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? ''}`;
}

export function originGuard(allowed: ReadonlySet<string>): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (!req.get(CSRF_HEADER)) {
      return next(
        new HttpError(
          403,
          'CSRF_HEADER_MISSING',
          'State-changing requests need the X-Requested-With header (e.g. "pluggy-connect-button").',
        ),
      );
    }
    const origin = req.get('origin');
    const fetchSite = req.get('sec-fetch-site');
    const trusted =
      origin === undefined ? fetchSite !== 'cross-site' : origin === ownOrigin(req) || allowed.has(origin);
    if (!trusted) {
      return next(new HttpError(403, 'ORIGIN_FORBIDDEN', 'This origin may not call this server.'));
    }
    next();
  };
}
