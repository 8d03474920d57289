// A site with no public address yet (real Pluggy on a laptop, no tunnel): the server still serves and
// mints tokens, says clearly that no webhooks can arrive, and refuses only to register webhooks.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type Emulator } from '@pluggy-kit/emulator';
import { decodeJwt } from 'jose';
import { runCli, serveCli } from './helpers/cli-process.js';
import { demoSignIn, mintConnectToken } from './helpers/cli-session.js';

describe('pluggy-kit-server without PUBLIC_URL', () => {
  let emulator: Emulator;
  let dir: string;
  let env: Record<string, string>;

  before(async () => {
    emulator = await startEmulator({
      stepDelayMs: 1,
      clients: [{ clientId: 'no-public-url', clientSecret: 'no-public-url-secret' }],
    });
    dir = mkdtempSync(join(tmpdir(), 'kit-no-public-url-'));
    env = {
      PLUGGY_CLIENT_ID: 'no-public-url',
      PLUGGY_CLIENT_SECRET: 'no-public-url-secret',
      PLUGGY_API_URL: emulator.apiUrl,
      DATABASE_PATH: join(dir, 'kit.sqlite'),
      WEBHOOK_SECRET: 'no-public-url-webhook-secret-0123456789',
      SESSION_SECRET: 'no-public-url-session-secret-0123',
      PORT: '0',
      LOG_LEVEL: 'warn',
    };
  });
  after(async () => {
    await emulator?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves, warns that no webhooks can arrive, and mints tokens without a webhook URL', async () => {
    const server = await serveCli(env);
    try {
      const accessToken = await mintConnectToken(server.url, await demoSignIn(server.url, 'alice'));
      const { options } = decodeJwt(accessToken) as {
        options: { clientUserId?: string; webhookUrl?: string };
      };
      assert.equal(options.clientUserId, 'alice');
      assert.equal(options.webhookUrl, undefined);
      assert.match(server.output(), /PUBLIC_URL is not set: .*will not sync/);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('refuses to register webhooks, naming PUBLIC_URL', async () => {
    const result = await runCli(['webhooks', 'register'], env);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /PUBLIC_URL: is required/);
  });
});
