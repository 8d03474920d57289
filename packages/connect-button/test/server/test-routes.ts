// Dev-server middleware for the browser tests: a token endpoint that can be told how to fail, and a
// callback-url endpoint that records what it received. Counters are kept per `key` so tests stay independent.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface TokenMinter {
  /** Mints a real connect token (from the emulator); the client secret stays in this Node process. */
  (itemId: string | undefined): Promise<string>;
}

interface Received {
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  at: number;
  /** When the client hung up before the answer was sent (an aborted fetch). */
  abortedAt?: number;
}

const tokenCalls = new Map<string, Received[]>();
const callbackCalls = new Map<string, Received[]>();

function fakeJwt(expiresInSeconds: number): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) + expiresInSeconds;
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ exp, nonce: Math.random() })}.fake`;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

/** The part of the dev server's Koa context these routes use. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** Koa's switch: false leaves the (here destroyed) response alone. */
  respond?: boolean;
  url: string;
  method: string;
  status: number;
  body: unknown;
  type: string;
  set(field: string, value: string): void;
}

function send(ctx: RouteContext, status: number, body: unknown, type = 'application/json'): void {
  ctx.status = status;
  ctx.type = type;
  ctx.set('Cache-Control', 'no-store');
  ctx.body = typeof body === 'string' ? body : JSON.stringify(body);
}

/** A rate limiter's answer: the kit's `{code, message}` body and, when given, `Retry-After` in seconds. */
function sendRateLimited(ctx: RouteContext, retryAfter: string | null): void {
  if (retryAfter !== null) ctx.set('Retry-After', retryAfter);
  send(ctx, 429, { code: 'RATE_LIMITED', message: 'Too many connect tokens; try again later.' });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * POST /__token?key=K&mode=M[&delay=ms][&expiresIn=s]: M is ok (fake JWT), emulator (real token), opaque (a
 * token that is not a JWT, with `expiresAt` in `expiresIn` s), 401, 403, 401-once (401 then ok), 500,
 * fail-once (500 then ok), 429 (rate limited, with `Retry-After: <retryAfter>` when given), 429-once (429
 * then ok), drop (a malformed answer: a network error), slow (waits `delay` then ok),
 * nonjson. GET /__token/calls?key=K lists requests, with `abortedAt` when the client hung up first.
 * POST /__callback?key=K&mode=ok|500|429-once; GET /__callback/calls?key=K.
 */
export function testRoutes(mintToken: () => TokenMinter | undefined) {
  return async (ctx: RouteContext, next: () => Promise<unknown>): Promise<unknown> => {
    const url = new URL(ctx.url, 'http://localhost');
    const key = url.searchParams.get('key') ?? 'default';
    const mode = url.searchParams.get('mode') ?? 'ok';
    if (url.pathname === '/__token/calls') return send(ctx, 200, tokenCalls.get(key) ?? []);
    if (url.pathname === '/__callback/calls') return send(ctx, 200, callbackCalls.get(key) ?? []);
    if (ctx.method !== 'POST' || (url.pathname !== '/__token' && url.pathname !== '/__callback'))
      return next();

    const received: Received = { body: await readBody(ctx.req), headers: ctx.req.headers, at: Date.now() };
    ctx.res.on('close', () => {
      if (!ctx.res.writableFinished) received.abortedAt = Date.now();
    });
    const log = url.pathname === '/__token' ? tokenCalls : callbackCalls;
    const calls = log.get(key) ?? [];
    calls.push(received);
    log.set(key, calls);

    if (url.pathname === '/__callback') {
      if (mode === '429-once' && calls.length === 1) return sendRateLimited(ctx, '0');
      return mode === 'ok' || mode === '429-once'
        ? send(ctx, 200, { ok: true })
        : send(ctx, 500, { code: 'INTERNAL', message: 'boom' });
    }
    switch (mode) {
      case '401':
        return send(ctx, 401, { code: 'UNAUTHENTICATED', message: 'sign in' });
      case '403':
        return send(ctx, 403, { code: 'FORBIDDEN', message: 'not yours' });
      case '401-once':
        if (calls.length === 1) return send(ctx, 401, { code: 'UNAUTHENTICATED', message: 'sign in' });
        break;
      case 'drop':
        // A malformed answer (two different lengths): browsers fail the fetch as a network error. A bare
        // hang-up is not used: Chromium resends a request whose reused connection closes, doubling the count.
        ctx.respond = false;
        ctx.req.socket.end('HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n');
        return undefined;
      case '500':
        return send(ctx, 500, { code: 'INTERNAL', message: 'boom' });
      case 'fail-once':
        if (calls.length === 1) return send(ctx, 500, { code: 'INTERNAL', message: 'boom' });
        break;
      case '429':
        return sendRateLimited(ctx, url.searchParams.get('retryAfter'));
      case '429-once':
        if (calls.length === 1) return sendRateLimited(ctx, url.searchParams.get('retryAfter'));
        break;
      case 'nonjson':
        return send(ctx, 200, '<html>login page</html>', 'text/html');
      case 'slow':
        await sleep(Number(url.searchParams.get('delay') ?? 5000));
        break;
    }
    const itemId = (received.body as { itemId?: string } | undefined)?.itemId;
    const minter = mintToken();
    const expiresIn = Number(url.searchParams.get('expiresIn') ?? 1800);
    if (mode === 'opaque') {
      const accessToken = `opaque-${Math.random().toString(36).slice(2)}`;
      return send(ctx, 200, {
        accessToken,
        expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString(),
      });
    }
    const accessToken = mode === 'emulator' && minter ? await minter(itemId) : fakeJwt(expiresIn);
    return send(ctx, 200, { accessToken, expiresAt: new Date(Date.now() + 1800_000).toISOString() });
  };
}
