import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startEmulator, type Emulator } from '@pluggy-kit/emulator';
import { decodeJwt } from 'jose';
import { tokenWebhookPath } from '../src/webhooks/token-webhook-path.js';
import { startKit, WEBHOOK_SECRET, type TestKit } from './helpers/kit-server.js';

const SESSION_SECRET = 'test-session-secret-0123456789';

/** A cookie-session cookie signed with the test key (what only the server should be able to make). */
function signedSession(value: object): string {
  const encoded = Buffer.from(JSON.stringify(value)).toString('base64');
  const signature = createHmac('sha1', SESSION_SECRET)
    .update(`pluggy_kit_demo=${encoded}`)
    .digest('base64url');
  return `pluggy_kit_demo=${encoded}; pluggy_kit_demo.sig=${signature}`;
}

describe('POST /api/connect-token', () => {
  let emulator: Emulator;
  let kit: TestKit;
  let alice: string;

  before(async () => {
    emulator = await startEmulator({ stepDelayMs: 1 });
    kit = await startKit(emulator, {
      rateLimit: { tokenPerUserPerMinute: 1000, tokenPerIpPerMinute: 1000 },
      tokenWebhookUrl: 'https://shop.example.com/api/webhooks',
      clientTimeoutMs: 300,
    });
    alice = await kit.signIn('alice');
  });
  after(async () => {
    await kit.stop();
    await emulator.stop();
  });
  beforeEach(() => emulator.controls.clearFaults());

  const tokenCalls = () => kit.calls.count('POST', '/connect_token');

  it('mints a token for the signed-in user: clientUserId and webhookUrl set by the server, no-store', async () => {
    const response = await kit.request('POST', '/api/connect-token', { cookie: alice, body: {} });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const { accessToken, expiresAt } = (await response.json()) as { accessToken: string; expiresAt: string };
    const claims = decodeJwt(accessToken) as { exp: number; options: Record<string, unknown> };
    assert.equal(claims.options.clientUserId, 'alice');
    // Signed for alice, and without the webhook secret: the URL reaches her browser on her items.
    assert.equal(
      claims.options.webhookUrl,
      `https://shop.example.com/api/webhooks/${tokenWebhookPath(WEBHOOK_SECRET, 'alice')}`,
    );
    assert.ok(!String(claims.options.webhookUrl).includes(WEBHOOK_SECRET));
    assert.equal(expiresAt, new Date(claims.exp * 1000).toISOString());
  });

  it('refuses anonymous, forged and expired sessions with 401 without calling Pluggy', async () => {
    const before = tokenCalls();
    const forged = `pluggy_kit_demo=${Buffer.from(JSON.stringify({ user: 'alice', at: Date.now() })).toString('base64')}`;
    const expired = signedSession({ user: 'alice', at: Date.now() - 9 * 60 * 60_000 });
    for (const cookie of [undefined, forged, `${forged}; pluggy_kit_demo.sig=bogus`, expired]) {
      const response = await kit.request('POST', '/api/connect-token', { cookie, body: {} });
      assert.equal(response.status, 401, String(cookie));
      assert.equal(((await response.json()) as { code: string }).code, 'UNAUTHENTICATED');
    }
    // The same signing with a fresh time is accepted: the forged ones failed on their signature or age.
    const fresh = await kit.request('POST', '/api/connect-token', {
      cookie: signedSession({ user: 'alice', at: Date.now() }),
      body: {},
    });
    assert.equal(fresh.status, 200);
    assert.equal(tokenCalls(), before + 1);
  });

  it('rejects clientUserId, webhookUrl, options, oauthRedirectUri and unknown fields (strict schema)', async () => {
    const before = tokenCalls();
    for (const body of [
      { clientUserId: 'bob' },
      { webhookUrl: 'https://evil.example/hook' },
      { options: { clientUserId: 'bob' } },
      { oauthRedirectUri: 'https://evil.example' },
      { extra: 1 },
      { itemId: 42 },
      [],
    ]) {
      const response = await kit.request('POST', '/api/connect-token', { cookie: alice, body });
      assert.equal(response.status, 400, JSON.stringify(body));
      const error = (await response.json()) as { code: string; details: unknown[] };
      assert.equal(error.code, 'VALIDATION_FAILED');
      assert.ok(error.details.length > 0);
    }
    assert.equal(tokenCalls(), before);
  });

  it('gives an update token only for an item the user owns (404 otherwise, 400 for a malformed id)', async () => {
    const bob = await kit.signIn('bob');
    const bobsItem = await kit.connect(bob);
    const recorded = await kit.request('POST', '/api/items', { cookie: bob, body: { itemId: bobsItem.id } });
    assert.equal(recorded.status, 200);

    const forAlice = await kit.request('POST', '/api/connect-token', {
      cookie: alice,
      body: { itemId: bobsItem.id },
    });
    assert.equal(forAlice.status, 404);
    assert.equal(((await forAlice.json()) as { code: string }).code, 'ITEM_NOT_FOUND');
    const malformed = await kit.request('POST', '/api/connect-token', {
      cookie: alice,
      body: { itemId: 'x;drop' },
    });
    assert.equal(malformed.status, 400);

    const forBob = await kit.request('POST', '/api/connect-token', {
      cookie: bob,
      body: { itemId: bobsItem.id },
    });
    assert.equal(forBob.status, 200);
    const { accessToken } = (await forBob.json()) as { accessToken: string };
    assert.equal((decodeJwt(accessToken) as { itemId?: string }).itemId, bobsItem.id);
  });

  it('maps Pluggy 5xx, timeouts and 429 to 502/503 with Retry-After, quickly, without echoing Pluggy', async () => {
    emulator.controls.addFault({ path: '/connect_token', count: 3, status: 503 });
    let started = Date.now();
    let response = await kit.request('POST', '/api/connect-token', { cookie: alice, body: {} });
    assert.equal(response.status, 502);
    assert.ok(Number(response.headers.get('retry-after')) > 0);
    const body = (await response.json()) as { code: string; message: string };
    assert.equal(body.code, 'PLUGGY_UNAVAILABLE');
    assert.doesNotMatch(JSON.stringify(body), /connect_token|503/);
    assert.ok(Date.now() - started < 3_000);

    emulator.controls.addFault({ path: '/connect_token', count: 3, delayMs: 5_000 });
    started = Date.now();
    response = await kit.request('POST', '/api/connect-token', { cookie: alice, body: {} });
    assert.equal(response.status, 502);
    assert.ok(Date.now() - started < 3_000, 'a slow Pluggy does not hold the request');
    emulator.controls.clearFaults();

    emulator.controls.addFault({ path: '/connect_token', count: 1, status: 429, retryAfter: 60 });
    started = Date.now();
    response = await kit.request('POST', '/api/connect-token', { cookie: alice, body: {} });
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('retry-after'), '60');
    assert.equal(((await response.json()) as { code: string }).code, 'PLUGGY_RATE_LIMITED');
    assert.ok(Date.now() - started < 1_000);
  });

  it('serves 100 concurrent cold token requests with exactly one POST /auth', async () => {
    const cold = await startKit(emulator, {
      rateLimit: { tokenPerUserPerMinute: 1000, tokenPerIpPerMinute: 1000 },
    });
    try {
      const cookie = await cold.signIn('alice');
      const responses = await Promise.all(
        Array.from({ length: 100 }, () => cold.request('POST', '/api/connect-token', { cookie, body: {} })),
      );
      assert.deepEqual(new Set(responses.map((response) => response.status)), new Set([200]));
      assert.equal(cold.calls.count('POST', '/auth'), 1);
    } finally {
      await cold.stop();
    }
  });

  it('answers malformed JSON 400, a non-JSON body 415, an oversized body 413 and GET 405', async () => {
    const post = (body: string, type: string, headers: Record<string, string> = {}) =>
      fetch(`${kit.url}/api/connect-token`, {
        method: 'POST',
        headers: { cookie: alice, 'content-type': type, 'x-requested-with': 'test', ...headers },
        body,
      });
    // A body that does not decode as its Content-Encoding says is the client's fault: 400, not 500.
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const undecodable = await post('{}', 'application/json', { 'content-encoding': encoding });
      assert.equal(undecodable.status, 400, encoding);
      assert.equal(((await undecodable.json()) as { code: string }).code, 'INVALID_BODY');
    }
    assert.ok(!kit.logs.some((line) => line.msg === 'unhandled error'), 'not logged as a server fault');
    const broken = await post('{"itemId":', 'application/json');
    assert.equal(broken.status, 400);
    assert.equal(((await broken.json()) as { code: string }).code, 'INVALID_JSON');
    const text = await post('itemId=1', 'text/plain');
    assert.equal(text.status, 415);
    const huge = await post(JSON.stringify({ itemId: 'x'.repeat(120_000) }), 'application/json');
    assert.equal(huge.status, 413);
    const get = await kit.request('GET', '/api/connect-token', { cookie: alice });
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
  });

  it('keeps tokens, the API keys of the run, cookies and secrets out of the logs', async () => {
    const response = await kit.request('POST', '/api/connect-token', { cookie: alice, body: {} });
    const { accessToken } = (await response.json()) as { accessToken: string };
    const signedPath = `/api/webhooks/${tokenWebhookPath(WEBHOOK_SECRET, 'alice')}`;
    await fetch(`${kit.url}${signedPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        event: 'connector/status_updated',
        eventId: 'log-check',
        connectorId: 1,
        data: { status: 'ONLINE' },
      }),
    });
    const logged = JSON.stringify(kit.logs);
    assert.ok(kit.logs.length > 5, 'requests were logged');
    // Every API key the emulator issued in this run, including the ones this kit's client used.
    assert.ok(kit.calls.count('POST', '/auth') >= 1, 'the kit authenticated');
    const apiKeys = emulator
      .issuedApiKeys()
      .filter((issued) => issued.clientId === emulator.clientId)
      .map((issued) => issued.apiKey);
    assert.ok(apiKeys.length >= kit.calls.count('POST', '/auth'));
    for (const secret of [
      accessToken,
      emulator.clientSecret,
      WEBHOOK_SECRET,
      signedPath.split('/').at(-1)!,
      alice.split('=')[1]!.split(';')[0]!,
      ...apiKeys,
    ]) {
      assert.equal(logged.includes(secret), false);
    }
    // The delivery is logged once, by the receiver, without its path secret (http-request-logs.test.ts).
    assert.ok(kit.logs.some((line) => line.eventId === 'log-check' && line.msg === 'webhook accepted'));
  });
});
