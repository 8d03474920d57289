/**
 * Pluggy's webhook URL rules for PUBLIC_URL / publicUrl (pluggy.md §5.1 and §11): https, port 443, a public
 * domain name, no user info; loopback http(s) only towards a loopback emulator in dev mode.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type Emulator } from '@pluggy-kit/emulator';
import { decodeJwt } from 'jose';
import { PublicUrlError } from '../src/http/token-webhook-url.js';
import { webhookUrlProblem } from '../src/http/webhook-url-rules.js';
import { createPluggyRouter, type PluggyRouterOptions } from '../src/router.js';
import { runCli } from './helpers/cli-process.js';
import { startKit } from './helpers/kit-server.js';
import { captureLogger } from './helpers/logs.js';

const SECRET = 'public-url-test-secret-0123456789';

const URLS: [string, 'ok' | RegExp, 'ok' | RegExp][] = [
  // [url, on Pluggy, on the emulator in dev mode]
  ['https://shop.example.com', 'ok', 'ok'],
  ['https://shop.example.com/base/', 'ok', 'ok'],
  ['https://shop.example.com:443', 'ok', 'ok'],
  ['http://shop.example.com', /must use https/, /must use https/],
  ['https://shop.example.com:8443', /port 443/, /port 443/],
  ['https://203.0.113.7', /not an IP address/, /not an IP address/],
  ['https://[2001:db8::1]', /not an IP address/, /not an IP address/],
  ['https://localhost', /not localhost/, 'ok'],
  ['http://127.0.0.1:3000', /must use https/, 'ok'],
  ['http://[::1]:3000', /must use https/, 'ok'],
  ['https://intranet', /not localhost or an internal name/, /internal name/],
  ['https://api.corp.internal', /internal name/, /internal name/],
  ['https://printer.local', /internal name/, /internal name/],
  ['https://user:pass@shop.example.com', /user name or password/, /user name or password/],
  ['ftp://shop.example.com', /absolute https URL/, /absolute https URL/],
  ['shop.example.com', /absolute https URL/, /absolute https URL/],
];

describe('webhook URL rules', () => {
  for (const [url, pluggy, emulator] of URLS) {
    it(`${url}: Pluggy ${String(pluggy)}, emulator ${String(emulator)}`, () => {
      for (const [rules, expected] of [
        ['pluggy', pluggy],
        ['emulator', emulator],
      ] as const) {
        const problem = webhookUrlProblem(url, rules);
        if (expected === 'ok') assert.equal(problem, null, rules);
        else assert.match(problem ?? 'accepted', expected, rules);
        assert.ok(!problem?.includes(url), 'the problem never repeats the URL');
      }
    });
  }
});

describe('createPluggyRouter refuses a publicUrl the Pluggy in use cannot deliver to', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kit-public-url-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  let files = 0;
  const options = (publicUrl: string, pluggy: PluggyRouterOptions['pluggy']): PluggyRouterOptions => ({
    getUser: () => null,
    pluggy,
    store: { sqliteFile: join(dir, `kit-${files++}.sqlite`) },
    allowedOrigins: [],
    publicUrl,
    webhookSecrets: [SECRET],
    worker: false,
    logger: captureLogger().logger,
  });
  const real = { clientId: 'id', clientSecret: 'secret' };
  const local = { ...real, apiUrl: 'http://127.0.0.1:4010' };

  it("throws PublicUrlError naming publicUrl with Pluggy's API (the default)", () => {
    for (const publicUrl of ['http://127.0.0.1:3000', 'https://203.0.113.7', 'https://shop.example.com:8443'])
      assert.throws(
        () => createPluggyRouter(options(publicUrl, real)),
        (error) =>
          error instanceof PublicUrlError && /^publicUrl .*Pluggy delivers webhooks only/.test(error.message),
        publicUrl,
      );
    assert.throws(
      () =>
        createPluggyRouter({
          ...options('https://shop.example.com', real),
          tokenWebhookUrl: 'http://x.io/h',
        }),
      (error) => error instanceof PublicUrlError && /^tokenWebhookUrl must use https/.test(error.message),
    );
  });

  it('accepts a public HTTPS site with Pluggy, and loopback http with a loopback emulator', async () => {
    for (const router of [
      createPluggyRouter(options('https://shop.example.com', real)),
      createPluggyRouter(options('http://127.0.0.1:3000', local)),
    ]) {
      await router.ready;
      await router.close();
    }
    assert.throws(
      () => createPluggyRouter(options('http://shop.example.com', local)),
      /the emulator refuses/,
    );
  });
});

describe('the per-token webhookUrl with a PluggyApi of unknown address', () => {
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator({ stepDelayMs: 1 });
  });
  after(() => emulator.stop());

  for (const [publicUrl, expected] of [
    ['https://shop.example.com', `https://shop.example.com/api/webhooks/`],
    ['http://127.0.0.1:9', undefined],
  ] as const) {
    it(`${publicUrl}: ${expected ? 'sent' : 'none, since Pluggy could not reach it'}`, async () => {
      const kit = await startKit(emulator, {
        pluggyApiUrl: undefined,
        publicUrl,
        tokenWebhookUrl: undefined,
      });
      try {
        const response = await kit.request('POST', '/api/connect-token', {
          cookie: await kit.signIn('alice'),
          body: {},
        });
        const { accessToken } = (await response.json()) as { accessToken: string };
        const { webhookUrl } = (decodeJwt(accessToken) as { options: { webhookUrl?: string } }).options;
        if (expected) assert.ok(webhookUrl?.startsWith(expected), webhookUrl);
        else assert.equal(webhookUrl, undefined);
      } finally {
        await kit.stop();
      }
    });
  }
});

describe('pluggy-kit-server refuses to start on a PUBLIC_URL Pluggy cannot deliver to', () => {
  const env = {
    PLUGGY_CLIENT_ID: 'id',
    PLUGGY_CLIENT_SECRET: 'a-client-secret-value',
    WEBHOOK_SECRET: SECRET,
    SESSION_SECRET: 'public-url-session-secret-0123',
    DATABASE_PATH: join(tmpdir(), `kit-public-url-${process.pid}.sqlite`),
    PORT: '0',
  };

  for (const [PUBLIC_URL, problem] of [
    ['http://127.0.0.1:3000', /must use https/],
    ['https://203.0.113.7', /not an IP address/],
    ['https://localhost', /not localhost/],
    ['https://shop.example.com:8443', /port 443/],
  ] as const) {
    it(`${PUBLIC_URL} with PLUGGY_API_URL unset (Pluggy's)`, async () => {
      for (const args of [[], ['webhooks', 'list']]) {
        const result = await runCli(args, { ...env, PUBLIC_URL }, 15_000);
        assert.equal(result.code, 1, `${args.join(' ')}: ${result.stderr}`);
        assert.match(result.stderr, new RegExp(`PUBLIC_URL: [^\\n]*${problem.source}`));
        assert.match(result.stderr, /public HTTPS URLs on port 443/);
        assert.equal(result.stderr.includes(env.PLUGGY_CLIENT_SECRET), false);
      }
    });
  }

  it('names PUBLIC_URL for a non-loopback http site on the emulator too', async () => {
    const result = await runCli(
      [],
      { ...env, PLUGGY_API_URL: 'http://127.0.0.1:9', PUBLIC_URL: 'http://shop.example.com' },
      15_000,
    );
    assert.equal(result.code, 1);
    assert.match(result.stderr, /PUBLIC_URL: must use https: the emulator refuses/);
  });
});
