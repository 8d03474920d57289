import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { rawCall } from './sdk-helpers.js';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

function runCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves with the API URL the CLI prints on start-up (stdout keeps flowing, so the CLI never hits EPIPE). */
function apiUrlOf(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Pluggy emulator API\s+(http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', () => reject(new Error(`the CLI exited without printing its URL: ${output}`)));
  });
}

describe('pluggy-emulator CLI', () => {
  const children: ChildProcess[] = [];
  after(() => {
    for (const child of children) child.kill('SIGTERM');
  });

  it('serves the API with --client pairs and PLUGGY_EMULATOR_CLIENTS pairs', async () => {
    const child = runCli(['--port', '0', '--connect-port', '0', '--client', 'cli-id:cli-secret'], {
      PLUGGY_EMULATOR_CLIENTS: 'env-id:env-secret',
    });
    children.push(child);
    const apiUrl = await apiUrlOf(child);
    for (const [clientId, clientSecret] of [
      ['cli-id', 'cli-secret'],
      ['env-id', 'env-secret'],
      ['dev-client-id', 'dev-client-secret'],
    ]) {
      assert.equal(
        (await rawCall(apiUrl, 'POST', '/auth', { body: { clientId, clientSecret } })).status,
        200,
        clientId,
      );
    }
    assert.equal(
      (await rawCall(apiUrl, 'POST', '/auth', { body: { clientId: 'cli-id', clientSecret: 'x' } })).status,
      401,
    );
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  });

  it('exits with status 2 and the usage on a bad option', async () => {
    const child = runCli(['--port', 'abc']);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = await once(child, 'exit');
    assert.equal(code, 2);
    assert.match(stderr, /--port must be a port number/);
    assert.match(stderr, /Usage: pluggy-emulator/);
  });
});
