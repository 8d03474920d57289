import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createConnectPageApp } from '../src/connect-page/server.js';

// The package's test script builds the bundle first (scripts/build-connect-page.mjs).
describe('Connect page server', () => {
  const apiUrl = 'http://127.0.0.1:4010';
  let server: Server;
  let base: string;

  before(async () => {
    server = createConnectPageApp({ apiUrl }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serves the page at the bare origin with the API URL injected', async () => {
    const response = await fetch(`${base}/`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    const html = await response.text();
    const config = /<script id="connect-page-config" type="application\/json">(.*?)<\/script>/s.exec(html);
    assert.ok(config?.[1], 'the config script is present');
    assert.deepEqual(JSON.parse(config[1]), { apiUrl });
    assert.match(html, /<script src="\/assets\/main\.js"><\/script>/);
  });

  it('may be framed by any loopback origin and may call only itself and the API', async () => {
    const response = await fetch(`${base}/`);
    assert.equal(response.headers.get('x-frame-options'), null);
    const policy = response.headers.get('content-security-policy') ?? '';
    const directive = (name: string) => policy.split('; ').find((part) => part.startsWith(`${name} `)) ?? '';
    assert.match(directive('frame-ancestors'), /http:\/\/127\.0\.0\.1:\*/);
    assert.match(directive('frame-ancestors'), /http:\/\/localhost:\*/);
    assert.ok(!directive('frame-ancestors').split(' ').includes('*'), 'not framable by any site');
    assert.equal(directive('connect-src'), `connect-src 'self' ${apiUrl}`);
    assert.equal(directive('script-src'), "script-src 'self'");
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  });

  it('serves the built bundle and stylesheet, and nothing else under /assets', async () => {
    const script = await fetch(`${base}/assets/main.js`);
    assert.equal(script.status, 200, 'run `node scripts/build-connect-page.mjs` first');
    assert.match(script.headers.get('content-type') ?? '', /javascript/);
    assert.match(await script.text(), /pluggy-connect-widget/);
    const styles = await fetch(`${base}/assets/main.css`);
    assert.equal(styles.status, 200);
    assert.match(styles.headers.get('content-type') ?? '', /text\/css/);
    assert.equal((await fetch(`${base}/assets/server.js`)).status, 404);
    assert.equal((await fetch(`${base}/assets/..%2fserver.js`)).status, 403);
  });

  it('keeps an injected value inside the JSON config', async () => {
    const hostile = createConnectPageApp({
      apiUrl: 'http://127.0.0.1:1/</script><script>alert(1)</script>',
    }).listen(0, '127.0.0.1');
    await new Promise((resolve) => hostile.once('listening', resolve));
    try {
      const html = await (await fetch(`http://127.0.0.1:${(hostile.address() as AddressInfo).port}/`)).text();
      assert.doesNotMatch(html, /<script>alert/);
      const config = /<script id="connect-page-config" type="application\/json">(.*?)<\/script>/s.exec(html);
      assert.equal(
        JSON.parse(config?.[1] ?? '{}').apiUrl,
        'http://127.0.0.1:1/</script><script>alert(1)</script>',
      );
    } finally {
      await new Promise<void>((resolve) => hostile.close(() => resolve()));
    }
  });
});
