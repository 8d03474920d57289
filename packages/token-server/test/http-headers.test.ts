/** The security headers createServer sets (helmet): a CSP that frames only the Connect origin, and the rest. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type Emulator } from '@pluggy-kit/emulator';
import { PLUGGY_CONNECT_ORIGIN } from '../src/server.js';
import { startKit, type TestKit } from './helpers/kit-server.js';

/** `default-src 'self'; frame-src x` → Map { 'default-src' => ["'self'"], 'frame-src' => ['x'] }. */
function directivesOf(csp: string | null): Map<string, string[]> {
  assert.ok(csp, 'a Content-Security-Policy header');
  return new Map(
    csp
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('security headers from createServer', () => {
  let emulator: Emulator;
  let plain: TestKit;
  let https: TestKit;

  before(async () => {
    emulator = await startEmulator({ stepDelayMs: 1 });
    plain = await startKit(emulator);
    https = await startKit(emulator, {
      publicUrl: 'https://shop.example.com',
      connectOrigins: [emulator.connectUrl],
    });
  });
  after(async () => {
    await plain.stop();
    await https.stop();
    await emulator.stop();
  });

  for (const path of ['/healthz', '/api/items', '/api/connect-token', '/api/no-such-route']) {
    it(`${path}: helmet's headers, with a CSP that frames only Pluggy's Connect page`, async () => {
      const response = await fetch(`${plain.url}${path}`);
      const headers = response.headers;
      const csp = directivesOf(headers.get('content-security-policy'));
      assert.deepEqual(csp.get('default-src'), ["'self'"]);
      assert.deepEqual(csp.get('script-src'), ["'self'"]);
      assert.deepEqual(csp.get('style-src'), ["'self'", "'unsafe-inline'"]);
      assert.deepEqual(csp.get('frame-src'), [PLUGGY_CONNECT_ORIGIN]);
      assert.deepEqual(csp.get('connect-src'), ["'self'"]);
      assert.deepEqual(csp.get('img-src'), ["'self'", 'data:', 'https:']);
      assert.deepEqual(csp.get('object-src'), ["'none'"]);
      assert.deepEqual(csp.get('frame-ancestors'), ["'self'"]);
      assert.deepEqual(csp.get('base-uri'), ["'self'"]);
      assert.equal(csp.has('upgrade-insecure-requests'), false, 'an http site must not ask for upgrades');
      assert.equal(headers.get('x-content-type-options'), 'nosniff');
      assert.equal(headers.get('x-frame-options'), 'SAMEORIGIN');
      assert.equal(headers.get('referrer-policy'), 'no-referrer');
      assert.match(headers.get('strict-transport-security') ?? '', /max-age=\d+/);
      assert.equal(headers.get('cross-origin-opener-policy'), 'same-origin');
      assert.equal(headers.get('cross-origin-resource-policy'), 'same-origin');
      assert.equal(headers.get('x-dns-prefetch-control'), 'off');
      assert.equal(headers.get('x-permitted-cross-domain-policies'), 'none');
      assert.equal(headers.get('x-powered-by'), null);
    });
  }

  it('an HTTPS site asks for upgrades, and connectOrigins replaces the framed origin', async () => {
    const csp = directivesOf((await fetch(`${https.url}/healthz`)).headers.get('content-security-policy'));
    assert.equal(csp.has('upgrade-insecure-requests'), true);
    assert.deepEqual(csp.get('frame-src'), [emulator.connectUrl]);
  });
});
