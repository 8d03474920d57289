/** Shared by the webhooks-*.test.ts files: a loopback receiver and the webhook module mounted standalone. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { MAX_BODY_BYTES } from '../src/app.js';
import { createClock, type EmulatorClock } from '../src/clock.js';
import { createErrorHandler } from '../src/errors.js';
import { createWebhookService, type WebhookService } from '../src/webhooks/index.js';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  receivedAt: number;
}

/** How the receiver answers the n-th request (0-based) with this body: a status, optionally after stalling. */
export type Answer = { status: number; stallMs?: number };

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startReceiver(
  answer: (index: number, body: Record<string, unknown>) => Answer = () => ({ status: 200 }),
): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const stalls = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const index = requests.length;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        receivedAt: Date.now(),
      });
      const { status, stallMs = 0 } = answer(index, body);
      const timer = setTimeout(() => {
        stalls.delete(timer);
        res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
      }, stallMs);
      stalls.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    async close() {
      for (const timer of stalls) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The JSON answers of the webhook API, loosely typed for assertions. */
export interface ApiBody {
  [field: string]: unknown;
  id?: string;
  code?: number;
  message?: string;
  details?: { code: string; parameter: string; message: string }[];
  results?: { id: string; url: string; event: string }[];
}

/** The webhook module mounted as src/app.ts mounts it; `x-test-client` plays the API-key auth. */
export interface Harness {
  apiUrl: string;
  clock: EmulatorClock;
  service: WebhookService;
  /** POST/GET/PATCH/DELETE on the harness API as `clientId` (default `client-a`). */
  call(
    method: string,
    path: string,
    body?: unknown,
    clientId?: string,
  ): Promise<{ status: number; json: ApiBody }>;
  register(event: string, url: string, headers?: Record<string, string>, clientId?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(options: { strictUrls?: boolean } = {}): Promise<Harness> {
  const clock = createClock();
  const service = createWebhookService({ clock, strictUrls: options.strictUrls ?? false });
  const app = express();
  app.use('/__emulator', service.controls);
  app.use(express.json({ limit: MAX_BODY_BYTES }));
  app.use('/webhooks', (req, res, next) => {
    res.locals.auth = { kind: 'apiKey', clientId: req.header('x-test-client') ?? 'client-a' };
    next();
  });
  app.use('/webhooks', service.router);
  app.use(createErrorHandler(() => undefined));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const call: Harness['call'] = async (method, path, body, clientId = 'client-a') => {
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-test-client': clientId },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: (text ? JSON.parse(text) : {}) as ApiBody };
  };

  return {
    apiUrl,
    clock,
    service,
    call,
    async register(event, url, headers, clientId) {
      const { status, json } = await call('POST', '/webhooks', { event, url, headers }, clientId);
      if (status !== 200) throw new Error(`register failed: ${status} ${JSON.stringify(json)}`);
      return String(json.id);
    },
    async close() {
      await service.stop();
      clock.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls `check` until it returns true; fails with `what` after `timeoutMs`. */
export async function waitUntil(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
