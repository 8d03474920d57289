// The browser only ever gets connect tokens: no built bundle, no CDN file and no file a host serves may
// contain the client secret, the webhook secret or an API key the token server used in this run.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, startStack, type Stack } from '../scripts/stack.mjs';

// A JWT (API keys and connect tokens both are): base64url JSON header, payload and signature.
const JWT = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{16,}/;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** Has the token server mint a connect token (so it holds an API key), as a signed-in user would. */
async function mintConnectToken(stack: Stack): Promise<void> {
  const headers = { 'content-type': 'application/json', 'x-requested-with': 'pluggy-connect-button' };
  const signIn = await fetch(`${stack.serverUrl}/api/session`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ user: 'alice' }),
  });
  assert.equal(signIn.status, 200);
  const cookie = signIn.headers
    .getSetCookie()
    .map((value) => value.split(';')[0])
    .join('; ');
  const token = await fetch(`${stack.serverUrl}/api/connect-token`, {
    method: 'POST',
    headers: { ...headers, cookie },
    body: '{}',
  });
  assert.equal(token.status, 200);
}

/** The API keys the emulator issued to the token server's client in this run (its test control). */
async function serverApiKeys(stack: Stack): Promise<string[]> {
  const response = await fetch(`${stack.apiUrl}/__emulator/api-keys`);
  assert.equal(response.status, 200);
  const { results } = (await response.json()) as { results: { apiKey: string; clientId: string }[] };
  return results.filter((issued) => issued.clientId === stack.clientId).map((issued) => issued.apiKey);
}

/** index.html and every script, stylesheet and module it references, plus the deployment config. */
async function servedFiles(origin: string): Promise<Map<string, string>> {
  const served = new Map<string, string>();
  const html = await (await fetch(`${origin}/`)).text();
  served.set('/', html);
  const queue = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
  queue.push('/pluggy-config.json');
  while (queue.length) {
    const url = new URL(queue.shift()!, `${origin}/`);
    // Only what this host serves (a `data:` favicon, or another origin, is not a file of the site).
    if (url.origin !== origin) continue;
    const path = url.pathname;
    if (served.has(path)) continue;
    const response = await fetch(`${origin}${path}`);
    if (!response.ok) continue;
    const body = await response.text();
    served.set(path, body);
    for (const match of body.matchAll(/["'](\.{0,2}\/[\w./-]+\.js)["']/g))
      queue.push(new URL(match[1]!, `${origin}${path}`).pathname);
  }
  return served;
}

describe('secrets never reach the browser', () => {
  let stack: Stack;
  let secrets: Record<string, string>;

  before(async () => {
    stack = await startStack({
      viteHosts: ['vue', 'svelte'],
      emulatorClient: { clientId: 'e2e-bundles', clientSecret: randomBytes(16).toString('hex') },
    });
    await mintConnectToken(stack);
    const apiKeys = await serverApiKeys(stack);
    assert.ok(apiKeys.length > 0, 'the token server authenticated at Pluggy');
    secrets = {
      'client secret': stack.clientSecret,
      'emulator dev secret': 'dev-client-secret',
      'webhook secret': stack.webhookSecret,
      ...Object.fromEntries(apiKeys.map((apiKey, index) => [`API key ${index + 1}`, apiKey])),
    };
  });
  after(() => stack?.stop());

  test('built example bundles and the element dist/cdn files hold no secret and no JWT', async () => {
    const files = [
      ...(await filesUnder(join(ROOT, 'examples/vanilla/dist'))),
      ...(await filesUnder(join(ROOT, 'examples/vue/dist'))),
      ...(await filesUnder(join(ROOT, 'examples/svelte/dist'))),
      ...(await filesUnder(join(ROOT, 'packages/connect-button/dist'))),
    ];
    assert.ok(
      files.some((file) => file.includes('/cdn/')),
      'the element CDN build is scanned',
    );
    assert.ok(files.filter((file) => file.endsWith('.js')).length >= 6, 'the bundles are scanned');
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      for (const [name, secret] of Object.entries(secrets))
        assert.equal(text.includes(secret), false, `${name} in ${file}`);
      assert.doesNotMatch(text, JWT, `a JWT in ${file}`);
    }
  });

  test('what each host serves holds no secret', async () => {
    for (const origin of Object.values(stack.hosts)) {
      const served = await servedFiles(origin!);
      assert.ok(
        [...served.keys()].some((path) => path.endsWith('.js')),
        `${origin} serves scripts`,
      );
      for (const [path, body] of served) {
        for (const [name, secret] of Object.entries(secrets)) {
          assert.equal(body.includes(secret), false, `${name} in ${origin}${path}`);
        }
        assert.doesNotMatch(body, JWT, `a JWT in ${origin}${path}`);
      }
    }
  });
});
