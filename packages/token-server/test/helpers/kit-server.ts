/**
 * A whole token server on loopback for route tests: createServer with the demo sign-in, the real Pluggy
 * client pointed at the emulator (its calls counted), a SQLite store in a temp dir, logs captured.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Emulator } from '@pluggy-kit/emulator';
import { demoUserOf, installDemoSession } from '../../src/cli/demo-session.js';
import { createPluggyClient } from '../../src/pluggy/pluggy-client.js';
import type { PluggyApi } from '../../src/pluggy/pluggy-api.js';
import { createServer, type KitServer, type ServerOptions } from '../../src/server.js';
import { countingFetch, type CountingFetch } from './counting-fetch.js';
import { connectWithToken } from './emulator-driver.js';
import { captureLogger } from './logs.js';

export const WEBHOOK_SECRET = 'test-webhook-secret-0123456789';
export const SITE_ORIGIN = 'https://shop.example.com';
export const CSRF = { 'x-requested-with': 'pluggy-connect-button' };

export interface TestKit {
  url: string;
  kit: KitServer;
  pluggy: PluggyApi;
  calls: CountingFetch;
  logs: Record<string, unknown>[];
  /** Signs a demo user in and answers the session cookie. */
  signIn(user: 'alice' | 'bob'): Promise<string>;
  /** The widget's flow: a connect token from this server for the signed-in user, then the login at Pluggy. */
  connect(cookie: string, options?: { user?: string }): Promise<{ id: string }>;
  /** JSON request with the CSRF header and, when given, the session cookie. */
  request(
    method: string,
    path: string,
    options?: { cookie?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
  stop(): Promise<void>;
}

export async function startKit(
  emulator: Emulator,
  overrides: Partial<ServerOptions> & { clientTimeoutMs?: number } = {},
): Promise<TestKit> {
  const dir = mkdtempSync(join(tmpdir(), 'kit-http-'));
  const calls = countingFetch();
  const { logger, lines } = captureLogger();
  const pluggy = createPluggyClient({
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    baseUrl: emulator.apiUrl,
    fetch: calls.fetch,
    timeoutMs: overrides.clientTimeoutMs ?? 2_000,
  });
  const allowedOrigins = [SITE_ORIGIN];
  const kit = createServer({
    getUser: demoUserOf,
    pluggy,
    pluggyApiUrl: emulator.apiUrl,
    store: { sqliteFile: join(dir, 'kit.sqlite') },
    allowedOrigins,
    publicUrl: 'http://127.0.0.1:9',
    webhookSecrets: [WEBHOOK_SECRET],
    tokenWebhookUrl: false,
    logger,
    worker: { pollIntervalMs: 50 },
    beforeRouter: (app) =>
      installDemoSession(app, {
        sessionSecret: 'test-session-secret-0123456789',
        secureCookies: false,
        allowedOrigins,
        basePath: '/api',
        logger,
      }),
    ...overrides,
  });
  await kit.router.ready;
  const { url } = await kit.listen(0);

  const request: TestKit['request'] = (method, path, options = {}) =>
    fetch(`${url}${path}`, {
      method,
      headers: {
        ...(method === 'GET' ? {} : CSRF),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.cookie ? { cookie: options.cookie } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });

  return {
    url,
    kit,
    pluggy,
    calls,
    logs: lines,
    request,
    async signIn(user) {
      const response = await request('POST', '/api/session', { body: { user } });
      if (response.status !== 200) throw new Error(`sign-in answered ${response.status}`);
      return response.headers
        .getSetCookie()
        .map((cookie) => cookie.split(';')[0])
        .join('; ');
    },
    async connect(cookie, options = {}) {
      const response = await request('POST', '/api/connect-token', { cookie, body: {} });
      if (response.status !== 200) throw new Error(`connect-token answered ${response.status}`);
      const { accessToken } = (await response.json()) as { accessToken: string };
      return connectWithToken(emulator, accessToken, options.user);
    },
    async stop() {
      await kit.close({ deadlineMs: 2_000 });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
