/** CORS for the browser routes: only allowlisted origins get `Access-Control-Allow-Origin` (with credentials). */
import cors from 'cors';
import type { RequestHandler } from 'express';

export function corsAllowlist(allowed: ReadonlySet<string>): RequestHandler {
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    methods: ['GET', 'POST', 'DELETE'],
    allowedHeaders: ['Content-Type', 'X-Requested-With'],
    // The connect button waits out a 429's Retry-After; a cross-origin page can read only exposed headers.
    exposedHeaders: ['Retry-After'],
    maxAge: 600,
  });
}
