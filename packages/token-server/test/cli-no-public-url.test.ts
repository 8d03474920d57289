// A site with no public address yet (real Pluggy on a laptop, no tunnel): the server still serves and
// mints tokens, says clearly that no webhooks can arrive, and refuses only to register webhooks.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { startCliFixture, type CliFixture } from './helpers/cli-fixture.js';
import { runCli, serveCli } from './helpers/cli-process.js';
import { demoSignIn, mintConnectToken } from './helpers/cli-session.js';

describe('pluggy-kit-server without PUBLIC_URL', () => {
  let fixture: CliFixture;
  let env: Record<string, string>;

  before(async () => {
    fixture = await startCliFixture('no-public-url', { publicUrl: false });
    env = fixture.env;
  });
  after(() => fixture?.close());

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
