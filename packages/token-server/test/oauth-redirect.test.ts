/**
 * `oauthRedirectUri` (pluggy.md §8.2): configured on the server, put on every connect token, never read
 * from a request; refused at start when Pluggy (and the emulator) would refuse it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type Emulator } from '@pluggy-kit/emulator';
import { decodeJwt } from 'jose';
import { oauthRedirectProblem } from '../src/http/oauth-redirect.js';
import { createPluggyRouter } from '../src/router.js';
import { runCli, serveCli } from './helpers/cli-process.js';
import { demoSignIn, mintConnectToken } from './helpers/cli-session.js';
import { startKit } from './helpers/kit-server.js';
import { captureLogger } from './helpers/logs.js';

const optionsOf = (accessToken: string) =>
  (decodeJwt(accessToken) as { options: { oauthRedirectUri?: string } }).options;

describe('oauthRedirectUri rules', () => {
  for (const [uri, problem] of [
    ['https://shop.example.com/oauth/done', null],
    ['https://shop.example.com:8443/done?from=pluggy', null],
    ['myapp://oauth/callback', null],
    ['com.example.app:/oauth', null],
    ['http://shop.example.com/done', /must use https/],
    ['http://127.0.0.1:3000/done', /must use https/],
    ['https://localhost/done', /localhost/],
    ['https://127.0.0.1/done', /localhost/],
    ['javascript:alert(1)', /https URL or an app deep link/],
    ['data:text/html,hi', /https URL or an app deep link/],
    ['/relative/path', /absolute https URL/],
    ['https://user:pw@shop.example.com/done', /user name or password/],
  ] as const) {
    it(`${uri}: ${problem ? String(problem) : 'accepted'}`, () => {
      const found = oauthRedirectProblem(uri);
      if (problem === null) assert.equal(found, null);
      else assert.match(found ?? 'accepted', problem);
    });
  }

  it('createPluggyRouter refuses a bad one before starting anything', () => {
    assert.throws(
      () =>
        createPluggyRouter({
          getUser: () => null,
          pluggy: { clientId: 'id', clientSecret: 'secret', apiUrl: 'http://127.0.0.1:9' },
          allowedOrigins: [],
          publicUrl: 'http://127.0.0.1:3000',
          webhookSecrets: ['a-webhook-secret-0123456789'],
          oauthRedirectUri: 'http://127.0.0.1:3000/oauth',
          logger: captureLogger().logger,
        }),
      /^TypeError: createPluggyRouter: oauthRedirectUri must use https/,
    );
  });
});

describe('the configured oauthRedirectUri reaches Pluggy on every connect token', () => {
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator({ stepDelayMs: 1 });
  });
  after(() => emulator.stop());

  for (const redirect of ['https://shop.example.com/oauth/done', 'myapp://oauth/callback']) {
    it(`${redirect}: new and update-mode tokens carry it; the body cannot set it`, async () => {
      const kit = await startKit(emulator, { oauthRedirectUri: redirect });
      try {
        const alice = await kit.signIn('alice');
        const mint = (body: object) => kit.request('POST', '/api/connect-token', { cookie: alice, body });
        const fresh = (await (await mint({})).json()) as { accessToken: string };
        assert.equal(optionsOf(fresh.accessToken).oauthRedirectUri, redirect);

        const { id } = await kit.connect(alice);
        assert.equal(
          (await kit.request('POST', '/api/items', { cookie: alice, body: { itemId: id } })).status,
          200,
        );
        const update = (await (await mint({ itemId: id })).json()) as { accessToken: string };
        assert.equal(optionsOf(update.accessToken).oauthRedirectUri, redirect);

        const smuggled = await mint({ oauthRedirectUri: 'https://evil.example/steal' });
        assert.equal(smuggled.status, 400);
      } finally {
        await kit.stop();
      }
    });
  }

  it('no option, no oauthRedirectUri on the token', async () => {
    const kit = await startKit(emulator);
    try {
      const response = await kit.request('POST', '/api/connect-token', {
        cookie: await kit.signIn('alice'),
        body: {},
      });
      const { accessToken } = (await response.json()) as { accessToken: string };
      assert.equal(optionsOf(accessToken).oauthRedirectUri, undefined);
    } finally {
      await kit.stop();
    }
  });
});

describe('OAUTH_REDIRECT_URI in the CLI', () => {
  let emulator: Emulator;
  let dir: string;
  let env: Record<string, string>;
  before(async () => {
    emulator = await startEmulator({ stepDelayMs: 1 });
    dir = mkdtempSync(join(tmpdir(), 'kit-oauth-cli-'));
    env = {
      PLUGGY_CLIENT_ID: emulator.clientId,
      PLUGGY_CLIENT_SECRET: emulator.clientSecret,
      PLUGGY_API_URL: emulator.apiUrl,
      DATABASE_PATH: join(dir, 'kit.sqlite'),
      WEBHOOK_SECRET: 'oauth-cli-webhook-secret-0123456789',
      SESSION_SECRET: 'oauth-cli-session-secret-0123',
      PUBLIC_URL: 'http://127.0.0.1:9',
      PORT: '0',
      LOG_LEVEL: 'warn',
    };
  });
  after(async () => {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to start on an invalid one, naming the variable', async () => {
    for (const value of ['http://127.0.0.1:3000/oauth', 'https://localhost/oauth', 'javascript:alert(1)']) {
      const result = await runCli([], { ...env, OAUTH_REDIRECT_URI: value }, 15_000);
      assert.equal(result.code, 1, value);
      assert.match(result.stderr, /OAUTH_REDIRECT_URI: must/, value);
    }
  });

  it('puts a valid one on the tokens it mints', async () => {
    const server = await serveCli({ ...env, OAUTH_REDIRECT_URI: 'https://shop.example.com/oauth' });
    try {
      const accessToken = await mintConnectToken(server.url, await demoSignIn(server.url, 'alice'));
      assert.equal(optionsOf(accessToken).oauthRedirectUri, 'https://shop.example.com/oauth');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});
