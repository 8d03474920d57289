/**
 * DEMO SIGN-IN, for the examples only: two fixed users in a signed cookie session, so the demo can show
 * that each user sees only their own connections. A real site plugs its own authentication into
 * `getUser` instead; nothing here is meant for production accounts.
 */
import cookieSession from 'cookie-session';
import express, { type Express, type Request } from 'express';
import { z } from 'zod';
import { errorHandler } from '../http/error-handler.js';
import { jsonBody } from '../http/json-body.js';
import { originGuard } from '../http/origin-guard.js';
import { normalizeOrigins } from '../http/origins.js';
import { parseInput } from '../http/validation.js';
import type { Logger } from 'pino';

export const DEMO_USERS = ['alice', 'bob'] as const;
export type DemoUser = (typeof DEMO_USERS)[number];

const signInSchema = z.object({ user: z.enum(DEMO_USERS) }).strict();

interface DemoSession {
  user?: unknown;
  /** Sign-in time (ms): the server, not the browser, decides when a session has expired. */
  at?: unknown;
}

export const DEMO_SESSION_MAX_AGE_MS = 8 * 60 * 60_000;

export function demoUserOf(req: Request): DemoUser | null {
  const session = req.session as DemoSession | null | undefined;
  const fresh = typeof session?.at === 'number' && Date.now() - session.at < DEMO_SESSION_MAX_AGE_MS;
  if (!fresh) return null;
  return DEMO_USERS.find((known) => known === session.user) ?? null;
}

export interface DemoSessionOptions {
  sessionSecret: string;
  /**
   * Marks the cookie `Secure` on requests that arrived over HTTPS (directly, or through a trusted proxy).
   * Plain-HTTP requests (the loopback URLs the demo prints) still get a session: a `Secure` cookie
   * cannot be sent over HTTP, and the cookie library refuses to try.
   */
  secureCookies: boolean;
  allowedOrigins: string[];
  basePath: string;
  logger: Logger;
}

export function installDemoSession(app: Express, options: DemoSessionOptions): void {
  app.use(
    cookieSession({
      name: 'pluggy_kit_demo',
      keys: [options.sessionSecret],
      httpOnly: true,
      sameSite: 'lax',
      maxAge: DEMO_SESSION_MAX_AGE_MS,
    }),
  );
  app.use((req, _res, next) => {
    if (req.sessionOptions) req.sessionOptions.secure = options.secureCookies && req.secure;
    next();
  });
  const router = express.Router();
  router.use(originGuard(normalizeOrigins(options.allowedOrigins)), jsonBody());
  router.get('/', (req, res) => {
    res.set('Cache-Control', 'no-store').json({ user: demoUserOf(req), users: DEMO_USERS, demo: true });
  });
  router.post('/', (req, res) => {
    const { user } = parseInput(signInSchema, req.body ?? {}, 'demo sign-in');
    req.session = { user, at: Date.now() };
    res.json({ user, users: DEMO_USERS, demo: true });
  });
  router.delete('/', (req, res) => {
    req.session = null;
    res.json({ user: null, users: DEMO_USERS, demo: true });
  });
  router.use(errorHandler(options.logger));
  app.use(`${options.basePath}/session`, router);
}
