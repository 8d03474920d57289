/** Resolves the signed-in user through the host's `getUser` and refuses anonymous requests with a 401. */
import type { Request, RequestHandler, Response } from 'express';
import { unauthenticated } from './http-error.js';

export type GetUser = (req: Request) => string | null | undefined | Promise<string | null | undefined>;

export function requireUser(getUser: GetUser): RequestHandler {
  return async (req, res, next) => {
    const userId = await getUser(req);
    if (typeof userId !== 'string' || userId === '') return next(unauthenticated());
    res.locals.userId = userId;
    next();
  };
}

/** The user `requireUser` resolved for this request. */
export function userIdOf(res: Response): string {
  const userId: unknown = res.locals.userId;
  if (typeof userId !== 'string') throw new Error('requireUser must run before this handler');
  return userId;
}
