import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startEmulator, type Emulator } from '@pluggy-kit/emulator';
import { openStore } from '../src/store/index.js';
import { HANDLED_EVENTS } from '../src/webhooks/index.js';
import { runCli, serveCli } from './helpers/cli-process.js';
import { demoSignIn } from './helpers/cli-session.js';

const CLIENT_SECRET_VALUE = 'cli-test-client-secret-value';
const WEBHOOK_SECRET = 'cli-test-webhook-secret-0123456789';

describe('pluggy-kit-server CLI', () => {
  let emulator: Emulator;
  let dir: string;
  let env: Record<string, string>;

  before(async () => {
    emulator = await startEmulator({
      stepDelayMs: 1,
      clients: [{ clientId: 'cli-client', clientSecret: CLIENT_SECRET_VALUE }],
    });
  });
  after(() => emulator.stop());
  beforeEach(() => {
    emulator.controls.reset();
    dir = mkdtempSync(join(tmpdir(), 'kit-cli-'));
    env = {
      PLUGGY_CLIENT_ID: 'cli-client',
      PLUGGY_CLIENT_SECRET: CLIENT_SECRET_VALUE,
      PLUGGY_API_URL: emulator.apiUrl,
      DATABASE_PATH: join(dir, 'kit.sqlite'),
      WEBHOOK_SECRET,
      SESSION_SECRET: 'cli-test-session-secret-0123',
      PUBLIC_URL: 'http://127.0.0.1:9',
      ALLOWED_ORIGINS: 'https://shop.example.com',
      PORT: '0',
      LOG_LEVEL: 'warn',
    };
  });

  it('refuses to start on a missing or invalid variable, naming it and never printing secrets', async () => {
    const cases: [string, Record<string, string | undefined>][] = [
      ['PLUGGY_CLIENT_ID', { PLUGGY_CLIENT_ID: undefined }],
      ['PLUGGY_CLIENT_SECRET', { PLUGGY_CLIENT_SECRET: '' }],
      ['WEBHOOK_SECRET', { WEBHOOK_SECRET: 'short' }],
      ['ALLOWED_ORIGINS', { ALLOWED_ORIGINS: 'https://shop.example.com/path' }],
      ['ALLOWED_ORIGINS', { ALLOWED_ORIGINS: 'not an origin' }],
      ['DATABASE_URL', { DATABASE_URL: 'mysql://db/kit' }],
      ['PUBLIC_URL', { PUBLIC_URL: 'shop.example.com' }],
      ['SESSION_SECRET', { SESSION_SECRET: undefined }],
      ['PORT', { PORT: 'eighty' }],
    ];
    for (const [variable, change] of cases) {
      const merged = Object.fromEntries(
        Object.entries({ ...env, ...change }).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        ),
      );
      const result = await runCli([], merged);
      assert.equal(result.code, 1, variable);
      assert.match(result.stderr, new RegExp(`${variable}: `), variable);
      assert.equal(result.stderr.includes(CLIENT_SECRET_VALUE), false);
      assert.equal(result.stderr.includes('cli-test-session-secret'), false);
    }
  });

  it('answers an unknown command with the usage and exit code 2', async () => {
    const result = await runCli(['frobnicate'], env);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Usage:/);
  });

  it('registers the webhooks once however often it runs, lists and deletes them', async () => {
    env.PUBLIC_URL = 'https://shop.example.com';
    for (let run = 0; run < 2; run += 1) {
      const result = await runCli(['webhooks', 'register'], env);
      assert.equal(result.code, 0, result.stderr);
    }
    const listed = await runCli(['webhooks', 'list'], env);
    const lines = listed.stdout.trim().split('\n');
    assert.equal(lines.length, HANDLED_EVENTS.length);
    assert.ok(lines.every((line) => line.endsWith('https://shop.example.com/api/webhooks')));

    // Deliveries carry the secret header.
    emulator.controls.setConnectorStatus(0, 'UNSTABLE');
    const delivery = await waitFor(
      () => emulator.controls.webhookDeliveries({ event: 'connector/status_updated' })[0],
    );
    assert.equal(delivery.headers['x-pluggy-kit-secret'], WEBHOOK_SECRET);

    const replaced = await runCli(['webhooks', 'register', '--replace'], env);
    assert.equal(replaced.code, 0);
    assert.equal(
      (await runCli(['webhooks', 'list'], env)).stdout.trim().split('\n').length,
      HANDLED_EVENTS.length,
    );
    assert.equal((await runCli(['webhooks', 'delete', '--all'], env)).code, 0);
    assert.match((await runCli(['webhooks', 'list'], env)).stdout, /no webhooks registered/);
  });

  it('lists dead events, requeues one, and refuses an unknown id', async () => {
    const store = await openStore({ sqliteFile: env.DATABASE_PATH! });
    await store.inbox.insert({
      eventId: 'poison-1',
      event: 'item/updated',
      itemId: 'item-x',
      payload: { event: 'item/updated', eventId: 'poison-1', itemId: 'item-x' },
      receivedAt: Date.now(),
    });
    await store.inbox.claim({ owner: 'test', now: Date.now(), leaseMs: 60_000, limit: 1 });
    assert.ok(await store.inbox.bury('poison-1', 'test', 'Pluggy 500: boom', Date.now()));
    await store.close();

    const dead = await runCli(['inbox', '--dead'], env);
    assert.equal(dead.code, 0, dead.stderr);
    assert.match(dead.stdout, /poison-1 {2}item\/updated {2}item=item-x .*Pluggy 500: boom/);
    const requeued = await runCli(['inbox', 'requeue', 'poison-1'], env);
    assert.equal(requeued.code, 0, requeued.stderr);
    assert.match((await runCli(['inbox', 'stats'], env)).stdout, /pending +1/);
    assert.match((await runCli(['inbox', '--dead'], env)).stdout, /no dead events/);
    const unknown = await runCli(['inbox', 'requeue', 'nope'], env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no dead event with id nope/);
  });

  it('drains on SIGTERM: readiness first, the in-flight request finishes, accepted webhooks survive', async () => {
    env.SHUTDOWN_GRACE_MS = '600';
    const server = await serveCli(env);
    try {
      const cookie = await demoSignIn(server.url, 'alice');
      assert.equal((await fetch(`${server.url}/readyz`)).status, 200);

      emulator.controls.addFault({ path: '/connect_token', count: 1, delayMs: 1_000 });
      const slowToken = fetch(`${server.url}/api/connect-token`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'x-requested-with': 'test' },
        body: '{}',
      });
      const accepted = await fetch(`${server.url}/api/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-pluggy-kit-secret': WEBHOOK_SECRET },
        body: JSON.stringify({
          event: 'connector/status_updated',
          eventId: 'kept-1',
          connectorId: 0,
          data: { status: 'ONLINE' },
        }),
      });
      assert.equal(accepted.status, 200);
      await new Promise((resolve) => setTimeout(resolve, 100));

      let tokenAnswered = false;
      const answered = () => (tokenAnswered = true);
      void slowToken.then(answered, answered);
      const signalled = Date.now();
      server.child.kill('SIGTERM');
      // Readiness flips while the slow request is still being served (not after a fixed wait: a loaded
      // machine may take a moment to deliver the signal).
      for (;;) {
        if ((await fetch(`${server.url}/readyz`)).status === 503) break;
        assert.equal(tokenAnswered, false, 'readiness turns false before the in-flight request ends');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.equal(tokenAnswered, false, 'readiness turned false first');
      assert.equal((await slowToken).status, 200, 'the in-flight request finished');
      assert.equal(await server.exited, 0);
      assert.ok(Date.now() - signalled < 10_000);
    } finally {
      server.child.kill('SIGKILL');
    }
    const store = await openStore({ sqliteFile: env.DATABASE_PATH! });
    try {
      assert.ok(await store.inbox.get('kept-1'), 'the accepted webhook is in the inbox');
    } finally {
      await store.close();
    }
  });

  it('serves the demo sign-in: sessions per user, and a user id is never taken from a body', async () => {
    const server = await serveCli(env);
    try {
      const post = (path: string, body: unknown, cookie?: string) =>
        fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-requested-with': 'test',
            ...(cookie ? { cookie } : {}),
          },
          body: JSON.stringify(body),
        });
      assert.equal((await post('/api/session', { user: 'mallory' })).status, 400);
      const noHeader = await fetch(`${server.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: 'alice' }),
      });
      assert.equal(noHeader.status, 403);
      const signIn = await post('/api/session', { user: 'bob' });
      const cookie = signIn.headers
        .getSetCookie()
        .map((value) => value.split(';')[0])
        .join('; ');
      assert.match(signIn.headers.getSetCookie().join(), /httponly/i);
      const session = (await (await fetch(`${server.url}/api/session`, { headers: { cookie } })).json()) as {
        user: string;
      };
      assert.equal(session.user, 'bob');
      assert.equal((await post('/api/connect-token', { clientUserId: 'alice' }, cookie)).status, 400);
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  after(() => rmSync(dir, { recursive: true, force: true }));
});

async function waitFor<T>(read: () => T | undefined): Promise<T> {
  for (let tries = 0; tries < 200; tries += 1) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('timed out');
}
