// The demo sign-in behind an HTTPS public URL (a tunnel to the loopback port): a plain-HTTP request on the
// printed loopback URL still signs in, and a request the trusted tunnel forwarded over HTTPS gets a
// `Secure` cookie.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type Emulator } from '@pluggy-kit/emulator';
import { serveCli, type ServingCli } from './helpers/cli-process.js';

async function signIn(server: ServingCli, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'test', ...headers },
    body: JSON.stringify({ user: 'alice' }),
  });
}

describe('demo sign-in with an HTTPS PUBLIC_URL', () => {
  let emulator: Emulator;
  let dir: string;
  let server: ServingCli;

  before(async () => {
    emulator = await startEmulator({
      stepDelayMs: 1,
      clients: [{ clientId: 'tunnel-client', clientSecret: 'tunnel-client-secret' }],
    });
    dir = mkdtempSync(join(tmpdir(), 'kit-demo-session-'));
    server = await serveCli({
      PLUGGY_CLIENT_ID: 'tunnel-client',
      PLUGGY_CLIENT_SECRET: 'tunnel-client-secret',
      PLUGGY_API_URL: emulator.apiUrl,
      DATABASE_PATH: join(dir, 'kit.sqlite'),
      WEBHOOK_SECRET: 'demo-session-webhook-secret-0123456789',
      SESSION_SECRET: 'demo-session-secret-0123456789',
      PUBLIC_URL: 'https://kit-demo.example.com',
      ALLOWED_ORIGINS: 'https://kit-demo.example.com',
      TRUST_PROXY: 'loopback',
      PORT: '0',
      LOG_LEVEL: 'warn',
    });
  });
  after(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    await emulator?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs in over plain HTTP on loopback, with a cookie the browser can send back', async () => {
    const response = await signIn(server);
    assert.equal(response.status, 200, await response.clone().text());
    const cookies = response.headers.getSetCookie();
    assert.ok(cookies.length > 0, 'a session cookie is set');
    assert.ok(
      cookies.every((cookie) => !/;\s*secure/i.test(cookie)),
      'no Secure flag over HTTP',
    );
    const cookie = cookies.map((value) => value.split(';')[0]).join('; ');
    const session = (await (await fetch(`${server.url}/api/session`, { headers: { cookie } })).json()) as {
      user: string | null;
    };
    assert.equal(session.user, 'alice');
  });

  it('marks the cookie Secure when the trusted tunnel forwarded an HTTPS request', async () => {
    const response = await signIn(server, {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'kit-demo.example.com',
      origin: 'https://kit-demo.example.com',
    });
    assert.equal(response.status, 200, await response.clone().text());
    const cookies = response.headers.getSetCookie();
    assert.ok(cookies.length > 0);
    assert.ok(
      cookies.every((cookie) => /;\s*secure/i.test(cookie)),
      'Secure over HTTPS',
    );
  });
});
