/**
 * design.md: sandbox connectors only outside production. With allowSandboxConnectors false (the default when
 * NODE_ENV=production) POST /items refuses a sandbox item and its webhooks are ignored; the emulator's
 * connectors are all sandbox ones (`isSandbox: true`), like Pluggy Bank.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type Emulator } from '@pluggy-kit/emulator';
import { sandboxAllowedByDefault } from '../src/domain/sandbox-policy.js';
import { registerWebhook, connectWithToken } from './helpers/emulator-driver.js';
import { runCli, serveCli } from './helpers/cli-process.js';
import { demoSignIn, mintConnectToken } from './helpers/cli-session.js';
import { waitFor } from './helpers/inbox-waits.js';
import { startKit, WEBHOOK_SECRET } from './helpers/kit-server.js';

describe('sandbox connectors in production', () => {
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator({ stepDelayMs: 1 });
  });
  after(() => emulator.stop());

  it('are allowed by default unless NODE_ENV is production', () => {
    assert.equal(sandboxAllowedByDefault({}), true);
    assert.equal(sandboxAllowedByDefault({ NODE_ENV: 'development' }), true);
    assert.equal(sandboxAllowedByDefault({ NODE_ENV: 'production' }), false);
  });

  it('refused: POST /items answers 422 and the webhooks of the item are ignored and logged', async () => {
    const kit = await startKit(emulator, { allowSandboxConnectors: false });
    try {
      await registerWebhook(emulator, `${kit.url}/api/webhooks`, { 'x-pluggy-kit-secret': WEBHOOK_SECRET });
      const alice = await kit.signIn('alice');
      const { id } = await kit.connect(alice);
      const store = kit.kit.router.store!;
      await waitFor(
        async () => {
          const done = (await store.inbox.list('done', 10_000)).filter((row) => row.itemId === id);
          return done.some((row) => row.event === 'item/updated') && done;
        },
        10_000,
        'the item webhooks to be handled',
      );
      emulator.controls.syncItem(id);
      const rows = await waitFor(
        async () => {
          const done = (await store.inbox.list('done', 10_000)).filter((row) => row.itemId === id);
          return done.some((row) => row.event === 'transactions/created') && done;
        },
        10_000,
        'the auto-sync webhooks to be handled',
      );
      for (const row of rows.filter((row) => row.event !== 'transactions/deleted'))
        // An item event may be answered by another's run (coverage.ts): its outcome then names that event.
        assert.match(row.outcome ?? '', /^ignored: sandbox connector( \(with [\w-]+\))?$/, row.event);
      assert.ok(kit.logs.some((line) => line.itemId === id && /sandbox connector/.test(String(line.msg))));

      const recorded = await kit.request('POST', '/api/items', { cookie: alice, body: { itemId: id } });
      assert.equal(recorded.status, 422);
      assert.equal(((await recorded.json()) as { code: string }).code, 'SANDBOX_CONNECTOR_NOT_ALLOWED');
      const list = (await (await kit.request('GET', '/api/items', { cookie: alice })).json()) as {
        results: unknown[];
      };
      assert.deepEqual(list.results, []);
      assert.equal(await store.items.ownerOf(id), undefined);
      assert.equal(await store.accounts.listForItem(id).then((accounts) => accounts.length), 0);
    } finally {
      await kit.stop();
    }
  });

  it('NODE_ENV=production turns them off by default; the option turns them back on', async () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      for (const [overrides, status] of [
        [{}, 422],
        [{ allowSandboxConnectors: true }, 200],
      ] as const) {
        const kit = await startKit(emulator, overrides);
        try {
          const alice = await kit.signIn('alice');
          const { id } = await kit.connect(alice);
          const recorded = await kit.request('POST', '/api/items', { cookie: alice, body: { itemId: id } });
          assert.equal(recorded.status, status, JSON.stringify(overrides));
        } finally {
          await kit.stop();
        }
      }
    } finally {
      if (previous === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = previous;
    }
  });

  describe('pluggy-kit-server (NODE_ENV=production, ALLOW_SANDBOX_CONNECTORS)', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'kit-sandbox-cli-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('refuses to start on a value that is not true or false, naming the variable', async () => {
      const result = await runCli(
        [],
        {
          PLUGGY_CLIENT_ID: emulator.clientId,
          PLUGGY_CLIENT_SECRET: emulator.clientSecret,
          PLUGGY_API_URL: emulator.apiUrl,
          WEBHOOK_SECRET,
          SESSION_SECRET: 'sandbox-cli-session-secret-0123',
          PUBLIC_URL: 'http://127.0.0.1:9',
          ALLOW_SANDBOX_CONNECTORS: 'yes',
        },
        15_000,
      );
      assert.equal(result.code, 1);
      assert.match(result.stderr, /ALLOW_SANDBOX_CONNECTORS: must be true or false/);
    });

    for (const [allow, status] of [
      [undefined, 422],
      ['true', 200],
    ] as const) {
      it(`ALLOW_SANDBOX_CONNECTORS ${allow ?? 'unset'}: POST /api/items answers ${status}`, async () => {
        const server = await serveCli({
          PLUGGY_CLIENT_ID: emulator.clientId,
          PLUGGY_CLIENT_SECRET: emulator.clientSecret,
          PLUGGY_API_URL: emulator.apiUrl,
          DATABASE_PATH: join(dir, `kit-${allow ?? 'unset'}.sqlite`),
          WEBHOOK_SECRET,
          SESSION_SECRET: 'sandbox-cli-session-secret-0123',
          PUBLIC_URL: 'http://127.0.0.1:9',
          PORT: '0',
          LOG_LEVEL: 'warn',
          NODE_ENV: 'production',
          ...(allow ? { ALLOW_SANDBOX_CONNECTORS: allow } : {}),
        });
        try {
          const headers = { 'content-type': 'application/json', 'x-requested-with': 'test' };
          const post = (path: string, body: unknown, cookie = '') =>
            fetch(`${server.url}${path}`, {
              method: 'POST',
              headers: { ...headers, cookie },
              body: JSON.stringify(body),
            });
          const cookie = await demoSignIn(server.url, 'alice');
          const accessToken = await mintConnectToken(server.url, cookie);
          const { id } = await connectWithToken(emulator, accessToken);
          assert.equal((await post('/api/items', { itemId: id }, cookie)).status, status);
        } finally {
          server.child.kill('SIGTERM');
          await server.exited;
        }
      });
    }
  });
});
