import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type Emulator } from '@pluggy-kit/emulator';
import { SITE_ORIGIN, startKit, type TestKit } from './helpers/kit-server.js';

describe('browser-facing defences', () => {
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator({ stepDelayMs: 1 });
  });
  after(() => emulator.stop());

  describe('CORS allowlist and the server-side Origin check', () => {
    let kit: TestKit;
    let alice: string;
    before(async () => {
      kit = await startKit(emulator);
      alice = await kit.signIn('alice');
    });
    after(() => kit.stop());

    const post = (origin: string | undefined, extra: Record<string, string> = {}) =>
      kit.request('POST', '/api/connect-token', {
        cookie: alice,
        body: {},
        headers: { ...(origin ? { origin } : {}), ...extra },
      });

    it('gives an allowlisted origin ACAO with credentials and Vary: Origin', async () => {
      const response = await post(SITE_ORIGIN);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('access-control-allow-origin'), SITE_ORIGIN);
      assert.equal(response.headers.get('access-control-allow-credentials'), 'true');
      assert.match(response.headers.get('vary') ?? '', /Origin/);
      // So a connect button on that origin can wait out a 429's Retry-After.
      assert.equal(response.headers.get('access-control-expose-headers'), 'Retry-After');
      const preflight = await fetch(`${kit.url}/api/connect-token`, {
        method: 'OPTIONS',
        headers: {
          origin: SITE_ORIGIN,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-requested-with',
        },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), SITE_ORIGIN);
      assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /X-Requested-With/i);
    });

    it('gives look-alike origins no ACAO and a 403 on POST, without calling Pluggy', async () => {
      const before = kit.calls.count('POST', '/connect_token');
      for (const origin of [
        'null',
        'http://shop.example.com',
        'https://shop.example.com:8443',
        'https://shop.example.com.evil.io',
        'https://evilshop.example.com',
        'https://evil.example',
      ]) {
        const response = await post(origin);
        assert.equal(response.status, 403, origin);
        assert.equal(response.headers.get('access-control-allow-origin'), null, origin);
        assert.equal(((await response.json()) as { code: string }).code, 'ORIGIN_FORBIDDEN', origin);
      }
      assert.equal(kit.calls.count('POST', '/connect_token'), before);
    });

    it('accepts its own origin (same-origin pages) without listing it', async () => {
      const response = await post(kit.url);
      assert.equal(response.status, 200);
    });

    it('rejects cross-site form posts: no custom header, text/plain, Sec-Fetch-Site cross-site', async () => {
      const noHeader = await fetch(`${kit.url}/api/connect-token`, {
        method: 'POST',
        headers: { cookie: alice, 'content-type': 'application/json' },
        body: '{}',
      });
      assert.equal(noHeader.status, 403);
      assert.equal(((await noHeader.json()) as { code: string }).code, 'CSRF_HEADER_MISSING');
      const simple = await fetch(`${kit.url}/api/connect-token`, {
        method: 'POST',
        headers: { cookie: alice, 'content-type': 'text/plain', origin: 'https://evil.example' },
        body: '{}',
      });
      assert.equal(simple.status, 403);
      const crossSite = await post(undefined, { 'sec-fetch-site': 'cross-site' });
      assert.equal(crossSite.status, 403);
      const deleteCrossSite = await kit.request('DELETE', '/api/session', {
        cookie: alice,
        headers: { origin: 'https://evil.example' },
      });
      assert.equal(deleteCrossSite.status, 403, 'the demo sign-in is guarded the same way');
    });
  });

  describe('rate limits', () => {
    it('limits tokens per user and per IP with 429 + Retry-After; X-Forwarded-For is ignored by default', async () => {
      const kit = await startKit(emulator, {
        rateLimit: { tokenPerUserPerMinute: 3, tokenPerIpPerMinute: 5 },
      });
      try {
        const [alice, bob] = [await kit.signIn('alice'), await kit.signIn('bob')];
        const token = (cookie: string, ip?: string) =>
          kit.request('POST', '/api/connect-token', {
            cookie,
            body: {},
            headers: ip ? { 'x-forwarded-for': ip } : {},
          });
        const aliceStatuses = [];
        for (let n = 0; n < 4; n += 1) aliceStatuses.push((await token(alice, `10.0.0.${n}`)).status);
        assert.deepEqual(aliceStatuses, [200, 200, 200, 429]);
        const limited = await token(alice);
        assert.equal(limited.status, 429);
        assert.ok(Number(limited.headers.get('retry-after')) > 0);
        assert.equal(((await limited.json()) as { code: string }).code, 'RATE_LIMITED');
        // Bob has his own user bucket but shares the IP bucket, which spoofed headers do not escape.
        const bobStatuses = [];
        for (let n = 0; n < 3; n += 1) bobStatuses.push((await token(bob, `10.9.9.${n}`)).status);
        assert.deepEqual(bobStatuses, [429, 429, 429]);
      } finally {
        await kit.stop();
      }
    });

    it('uses X-Forwarded-For for the IP bucket only when the proxy is trusted', async () => {
      const kit = await startKit(emulator, {
        trustProxy: 'loopback',
        rateLimit: { tokenPerUserPerMinute: 100, tokenPerIpPerMinute: 2 },
      });
      try {
        const alice = await kit.signIn('alice');
        const statuses = [];
        for (const ip of ['10.0.0.1', '10.0.0.1', '10.0.0.1', '10.0.0.2']) {
          const response = await kit.request('POST', '/api/connect-token', {
            cookie: alice,
            body: {},
            headers: { 'x-forwarded-for': ip },
          });
          statuses.push(response.status);
        }
        assert.deepEqual(statuses, [200, 200, 429, 200]);
      } finally {
        await kit.stop();
      }
    });
  });
});
