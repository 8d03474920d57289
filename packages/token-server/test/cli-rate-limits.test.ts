// The CLI's rate limits come from the environment (a busy site raises them; tests of a whole stack too).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startCliFixture, type CliFixture } from './helpers/cli-fixture.js';
import { runCli, serveCli } from './helpers/cli-process.js';
import { demoSignIn } from './helpers/cli-session.js';

describe('pluggy-kit-server rate limits from the environment', () => {
  let fixture: CliFixture;
  let env: Record<string, string>;

  before(async () => {
    fixture = await startCliFixture('limits');
    env = fixture.env;
  });
  after(() => fixture?.close());

  it('RATE_LIMIT_TOKENS_PER_USER sets the connect tokens a user gets per minute', async () => {
    const server = await serveCli({ ...env, RATE_LIMIT_TOKENS_PER_USER: '2' });
    try {
      const cookie = await demoSignIn(server.url, 'alice');
      const statuses: number[] = [];
      for (let request = 0; request < 3; request += 1) {
        const response = await fetch(`${server.url}/api/connect-token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-requested-with': 'test', cookie },
          body: '{}',
        });
        statuses.push(response.status);
        if (response.status === 429) assert.ok(Number(response.headers.get('retry-after')) > 0);
      }
      assert.deepEqual(statuses, [200, 200, 429]);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('refuses a limit that is not a positive whole number, naming the variable', async () => {
    for (const [variable, value] of [
      ['RATE_LIMIT_TOKENS_PER_USER', '0'],
      ['RATE_LIMIT_TOKENS_PER_IP', 'many'],
      ['RATE_LIMIT_REFRESH_PER_USER', '2.5'],
      ['RATE_LIMIT_REQUESTS_PER_IP', '-1'],
    ] as const) {
      const result = await runCli([], { ...env, [variable]: value });
      assert.equal(result.code, 1, variable);
      assert.match(result.stderr, new RegExp(`${variable}: `), variable);
    }
  });
});
