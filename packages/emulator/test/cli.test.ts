import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { rawCall, type ApiBody } from './sdk-helpers.js';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const OK = { user: 'user-ok', password: 'password-ok' };

function runCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

interface CliUrls {
  apiUrl: string;
  connectUrl: string;
}

/** Resolves with the URLs the CLI prints on start-up (stdout keeps flowing, so the CLI never hits EPIPE). */
function urlsOf(child: ChildProcess): Promise<CliUrls> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const api = /Pluggy emulator API\s+(http:\/\/\S+)/.exec(output)?.[1];
      const connect = /Pluggy emulator Connect\s+(http:\/\/\S+)/.exec(output)?.[1];
      if (api && connect) resolve({ apiUrl: api, connectUrl: connect });
    });
    child.once('exit', () => reject(new Error(`the CLI exited without printing its URLs: ${output}`)));
  });
}

async function apiKeyOf(apiUrl: string): Promise<string> {
  const { body } = await rawCall(apiUrl, 'POST', '/auth', {
    body: { clientId: 'dev-client-id', clientSecret: 'dev-client-secret' },
  });
  return String(body.apiKey);
}

/** Creates a user-ok item, waits for UPDATED, and returns its id with its accounts and first transactions. */
async function firstItemData(apiUrl: string): Promise<{ itemId: string; accounts: ApiBody[] }> {
  const apiKey = await apiKeyOf(apiUrl);
  const created = await rawCall(apiUrl, 'POST', '/items', {
    apiKey,
    body: { connectorId: 0, parameters: OK },
  });
  const itemId = String(created.body.id);
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if ((await rawCall(apiUrl, 'GET', `/items/${itemId}`, { apiKey })).body.status === 'UPDATED') break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const accounts =
    (await rawCall(apiUrl, 'GET', `/accounts?itemId=${itemId}`, { apiKey })).body.results ?? [];
  assert.equal(accounts.length, 2, 'the item reached UPDATED with its accounts');
  return { itemId, accounts };
}

const fingerprint = (accounts: ApiBody[]) =>
  accounts.map((account) => [account.id, account.number, account.balance, account.owner]);

describe('pluggy-emulator CLI', () => {
  const children: ChildProcess[] = [];
  const start = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const child = runCli(args, env);
    children.push(child);
    return child;
  };
  after(() => {
    for (const child of children) child.kill('SIGTERM');
  });

  it('serves the API with --client pairs and PLUGGY_EMULATOR_CLIENTS pairs', async () => {
    const child = start(['--port', '0', '--connect-port', '0', '--client', 'cli-id:cli-secret'], {
      PLUGGY_EMULATOR_CLIENTS: 'env-id:env-secret',
    });
    const { apiUrl } = await urlsOf(child);
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

  it('--seed: the same seed gives the same ids and data, another seed other ones', async () => {
    const [first, twin, other, unseeded] = await Promise.all(
      [['--seed', '7'], ['--seed', '7'], ['--seed', '8'], []].map(async (args) =>
        firstItemData((await urlsOf(start(args))).apiUrl),
      ),
    );
    assert.equal(twin!.itemId, first!.itemId);
    assert.deepEqual(fingerprint(twin!.accounts), fingerprint(first!.accounts));
    assert.notEqual(other!.itemId, first!.itemId);
    const otherPrint = fingerprint(other!.accounts);
    for (const [index, account] of fingerprint(first!.accounts).entries()) {
      assert.notDeepEqual(otherPrint[index], account, `account ${index} differs with another seed`);
    }
    // Without --seed the CLI uses seed 1, as startEmulator does: not seed 7's ids.
    assert.notEqual(unseeded!.itemId, first!.itemId);
  });

  it('--strict-webhooks refuses loopback webhook URLs that the default accepts', async () => {
    const [strict, lenient] = await Promise.all([urlsOf(start(['--strict-webhooks'])), urlsOf(start([]))]);
    const loopback = { event: 'item/updated', url: 'http://127.0.0.1:9/hook' };
    const refused = await rawCall(strict.apiUrl, 'POST', '/webhooks', {
      apiKey: await apiKeyOf(strict.apiUrl),
      body: loopback,
    });
    assert.equal(refused.status, 400);
    assert.match(String(refused.body.message), /https/i);
    const item = await rawCall(strict.apiUrl, 'POST', '/items', {
      apiKey: await apiKeyOf(strict.apiUrl),
      body: { connectorId: 0, parameters: OK, webhookUrl: 'http://localhost:9/hook' },
    });
    assert.equal(item.status, 400, 'an item webhookUrl follows the same rules');
    const accepted = await rawCall(lenient.apiUrl, 'POST', '/webhooks', {
      apiKey: await apiKeyOf(lenient.apiUrl),
      body: loopback,
    });
    assert.equal(accepted.status, 200);
  });

  it('--host binds both servers to that interface only', async () => {
    const { apiUrl, connectUrl } = await urlsOf(start(['--host', '127.0.0.2']));
    assert.match(apiUrl, /^http:\/\/127\.0\.0\.2:\d+$/);
    assert.match(connectUrl, /^http:\/\/127\.0\.0\.2:\d+$/);
    assert.equal((await rawCall(apiUrl, 'POST', '/auth', { body: {} })).status, 400, 'the API answers');
    assert.equal((await fetch(`${connectUrl}/`)).status, 200, 'the Connect page answers');
    // Bound to 127.0.0.2, the same ports are closed on 127.0.0.1.
    for (const url of [apiUrl, connectUrl]) {
      const elsewhere = url.replace('127.0.0.2', '127.0.0.1');
      await assert.rejects(fetch(`${elsewhere}/`), (error: Error & { cause?: { code?: string } }) => {
        assert.equal(error.cause?.code, 'ECONNREFUSED');
        return true;
      });
    }
  });

  it('--help prints the options with their real defaults', async () => {
    const child = runCli(['--help']);
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
    assert.match(stdout, /Usage: pluggy-emulator/);
    assert.match(stdout, /--port N\s+API and test controls port \(default 0: a free port/);
    assert.match(stdout, /--host H\s+interface of both servers \(default 127\.0\.0\.1\)/);
    assert.match(stdout, /--seed N\s+seed of generated ids and data \(default 1\)/);
    for (const option of ['--connect-port', '--client', '--strict-webhooks', '--step-delay-ms']) {
      assert.ok(stdout.includes(option), option);
    }
  });

  it('exits with status 2 and the usage on a bad option', async () => {
    for (const args of [['--port', 'abc'], ['--seed', '-1'], ['--no-such-option']]) {
      const child = runCli(args);
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const [code] = await once(child, 'exit');
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, /Usage: pluggy-emulator/);
    }
  });
});
