// The CLI's rate limits come from the environment (a busy site raises them; tests of a whole stack too).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type Emulator } from '@pluggy-kit/emulator';
import { runCli, serveCli } from './helpers/cli-process.js';
import { demoSignIn } from './helpers/cli-session.js';

describe('pluggy-kit-server rate limits from the environment', () => {
  let emulator: Emulator;
  let dir: string;
  let env: Record<string, string>;

  before(async () => {
    emulator = await startEmulator({
      stepDelayMs: 1,
      clients: [{ clientId: 'limits-client', clientSecret: 'limits-client-secret' }],
    });
    dir = mkdtempSync(join(tmpdir(), 'kit-limits-'));
    env = {
      PLUGGY_CLIENT_ID: 'limits-client',
      PLUGGY_CLIENT_SECRET: 'limits-client-secret',
      PLUGGY_API_URL: emulator.apiUrl,
      DATABASE_PATH: join(dir, 'kit.sqlite'),
      WEBHOOK_SECRET: 'limits-webhook-secret-0123456789',
      SESSION_SECRET: 'limits-session-secret-0123456789',
      PUBLIC_URL: 'http://127.0.0.1:9',
      PORT: '0',
      LOG_LEVEL: 'warn',
    };
  });
  after(async () => {
    await emulator?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

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
