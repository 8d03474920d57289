import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fetchApiKey, rawCall, startSdkHarness, type SdkHarness } from './sdk-helpers.js';

describe('bad input gets Pluggy-shaped 4xx and the emulator keeps serving', () => {
  let h: SdkHarness;
  let apiKey: string;
  before(async () => {
    h = await startSdkHarness();
    apiKey = await fetchApiKey(h.emu);
  });
  after(() => h.stop());

  const stillServing = async () => {
    const page = await h.client.fetchConnectors({ sandbox: true });
    assert.equal(page.total, 5);
  };

  it('malformed JSON → 400', async () => {
    for (const path of ['/auth', '/items', '/connect_token']) {
      const answer = await rawCall(h.emu.apiUrl, 'POST', path, { apiKey, rawBody: '{"connectorId": 0,' });
      assert.equal(answer.status, 400, path);
      assert.equal(answer.body.code, 400);
      assert.equal(typeof answer.body.message, 'string');
    }
    await stillServing();
  });

  it('wrong types → 400 with details naming the field', async () => {
    const item = await rawCall(h.emu.apiUrl, 'POST', '/items', {
      apiKey,
      body: { connectorId: '0', parameters: { user: 1 } },
    });
    assert.equal(item.status, 400);
    assert.deepEqual(item.body.details?.map((d) => d.parameter).sort(), ['connectorId', 'parameters.user']);
    const auth = await rawCall(h.emu.apiUrl, 'POST', '/auth', { body: { clientId: 42 } });
    assert.equal(auth.status, 400);
    assert.ok(auth.body.details?.length);
    const token = await rawCall(h.emu.apiUrl, 'POST', '/connect_token', {
      apiKey,
      body: { options: { avoidDuplicates: 'yes' } },
    });
    assert.equal(token.status, 400);
    assert.equal(token.body.details?.[0]?.parameter, 'options.avoidDuplicates');
    const products = await rawCall(h.emu.apiUrl, 'POST', '/items', {
      apiKey,
      body: {
        connectorId: 0,
        parameters: { user: 'user-ok', password: 'password-ok' },
        products: ['EVERYTHING'],
      },
    });
    assert.equal(products.status, 400);
    await stillServing();
  });

  it('oversized bodies (> 1 MB) → 413', async () => {
    const huge = JSON.stringify({
      connectorId: 0,
      parameters: { user: 'x'.repeat(1_100_000), password: 'password-ok' },
    });
    const answer = await rawCall(h.emu.apiUrl, 'POST', '/items', { apiKey, rawBody: huge });
    assert.equal(answer.status, 413);
    assert.equal(answer.body.code, 413);
    await stillServing();
  });

  it('unknown routes and ids → 404 in Pluggy shape', async () => {
    const route = await rawCall(h.emu.apiUrl, 'GET', '/no-such-route', { apiKey });
    assert.equal(route.status, 404);
    assert.equal(route.body.code, 404);
    assert.equal(typeof route.body.message, 'string');
    assert.equal((await rawCall(h.emu.apiUrl, 'GET', '/transactions/nope', { apiKey })).status, 404);
    assert.equal((await rawCall(h.emu.apiUrl, 'GET', '/investments/nope', { apiKey })).status, 404);
    await stillServing();
  });

  it('answers CORS preflights from any origin', async () => {
    const response = await fetch(`${h.emu.apiUrl}/items`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://127.0.0.1:5173',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'x-api-key,content-type',
      },
    });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), 'http://127.0.0.1:5173');
    assert.match(response.headers.get('access-control-allow-headers') ?? '', /x-api-key/);
  });
});
