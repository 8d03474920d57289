import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  rejectionOf,
  startSdkHarness,
  jwtPayload,
  rawCall,
  waitForItem,
  type SdkHarness,
} from './sdk-helpers.js';

describe('auth and connect tokens through the official pluggy-sdk', () => {
  let h: SdkHarness;
  before(async () => {
    h = await startSdkHarness({ clients: [{ clientId: 'team-a', clientSecret: 's3cret' }] });
  });
  after(() => h.stop());

  it('gives the dev pair an apiKey JWT valid for 2 hours', async () => {
    const { body, status } = await rawCall(h.emu.apiUrl, 'POST', '/auth', {
      body: { clientId: 'dev-client-id', clientSecret: 'dev-client-secret', nonExpiring: false },
    });
    assert.equal(status, 200);
    const claims = jwtPayload(body.apiKey);
    assert.equal(claims.clientId, 'dev-client-id');
    assert.equal(claims.exp - claims.iat, 7200);
  });

  it('accepts configured client pairs and rejects others with 401 CLIENT_KEYS_UNAUTHORIZED', async () => {
    const page = await h.newClient('team-a', 's3cret').fetchConnectors({ sandbox: true });
    assert.ok(page.results.length > 0);
    const rejection = await rejectionOf(h.newClient('team-a', 'wrong').fetchConnectors());
    // The SDK rejects a failed /auth with got's HTTPError; the body is on the response.
    const response = rejection.response as {
      statusCode: number;
      body: { code: number; codeDescription: string };
    };
    assert.equal(response.statusCode, 401);
    assert.equal(response.body.codeDescription, 'CLIENT_KEYS_UNAUTHORIZED');
    assert.equal(response.body.code, 401);
  });

  it('mints 30-minute connect tokens carrying clientId, itemId scope and options', async () => {
    const { accessToken } = await h.client.createConnectToken(undefined, {
      clientUserId: 'user-42',
      webhookUrl: 'http://127.0.0.1:9/hook',
      avoidDuplicates: true,
    });
    const claims = jwtPayload(accessToken);
    assert.equal(claims.clientId, 'dev-client-id');
    assert.equal(claims.exp - claims.iat, 1800);
    assert.ok(Math.abs(claims.exp * 1000 - (Date.now() + 30 * 60_000)) < 60_000);
    assert.deepEqual(claims.options, {
      clientUserId: 'user-42',
      webhookUrl: 'http://127.0.0.1:9/hook',
      avoidDuplicates: true,
    });

    // The options apply to the items created with the token, whatever the body says.
    const created = await rawCall(h.emu.apiUrl, 'POST', '/items', {
      apiKey: accessToken,
      body: {
        connectorId: 0,
        parameters: { user: 'user-ok', password: 'password-ok' },
        clientUserId: 'someone-else',
      },
    });
    assert.equal(created.status, 200);
    assert.equal(created.body.clientUserId, 'user-42');
    assert.equal(created.body.webhookUrl, 'http://127.0.0.1:9/hook');

    const scoped = await h.client.createConnectToken(created.body.id);
    assert.equal(jwtPayload(scoped.accessToken).itemId, created.body.id);
  });

  it('rejects a connect token with a bad webhookUrl or oauthRedirectUri with 400', async () => {
    const badHook = await rejectionOf(
      h.client.createConnectToken(undefined, { webhookUrl: 'ftp://example.com/x' }),
    );
    assert.equal(badHook.code, 400);
    assert.equal(badHook.details, undefined);
    const badRedirect = await rejectionOf(
      h.client.createConnectToken(undefined, { oauthRedirectUri: 'http://localhost/cb' }),
    );
    assert.equal(badRedirect.code, 400);
    assert.match(badRedirect.message ?? '', /oauthRedirectUri/);
  });

  it('limits a connect token to its own items and their accounts', async () => {
    const { accessToken } = await h.client.createConnectToken();
    const own = await rawCall(h.emu.apiUrl, 'POST', '/items', {
      apiKey: accessToken,
      body: { connectorId: 0, parameters: { user: 'user-ok', password: 'password-ok' } },
    });
    assert.equal(own.status, 200);
    const foreign = await h.client.createItem(0, { user: 'user-ok', password: 'password-ok' });
    const ownId = String(own.body.id);
    await waitForItem(h.client, ownId);
    await waitForItem(h.client, foreign.id);

    assert.equal(
      (await rawCall(h.emu.apiUrl, 'GET', `/items/${ownId}`, { apiKey: accessToken })).status,
      200,
    );
    assert.equal(
      (await rawCall(h.emu.apiUrl, 'GET', `/items/${foreign.id}`, { apiKey: accessToken })).status,
      403,
    );
    const accounts = await rawCall(h.emu.apiUrl, 'GET', `/accounts?itemId=${ownId}`, { apiKey: accessToken });
    assert.equal(accounts.status, 200);
    assert.equal(accounts.body.results?.length, 2);
    const accountId = accounts.body.results?.[0]?.id;
    for (const path of [
      `/transactions?accountId=${accountId}`,
      `/v2/transactions?accountId=${accountId}`,
      `/identity?itemId=${ownId}`,
      `/investments?itemId=${ownId}`,
      '/webhooks',
    ]) {
      const answer = await rawCall(h.emu.apiUrl, 'GET', path, { apiKey: accessToken });
      assert.equal(answer.status, 403, path);
      assert.equal(answer.body.code, 403);
    }
    assert.equal(
      (await rawCall(h.emu.apiUrl, 'DELETE', `/items/${ownId}`, { apiKey: accessToken })).status,
      403,
    );
    assert.equal(
      (await rawCall(h.emu.apiUrl, 'POST', '/connect_token', { apiKey: accessToken, body: {} })).status,
      403,
    );
    const validate = await rawCall(h.emu.apiUrl, 'POST', '/connectors/0/validate', {
      apiKey: accessToken,
      body: {},
    });
    assert.equal(validate.status, 403);
    assert.equal((await rawCall(h.emu.apiUrl, 'GET', '/connectors/0', { apiKey: accessToken })).status, 200);
  });

  it('answers an expired API key with 403 {code, message} and no codeDescription', async () => {
    const client = h.newClient();
    await client.fetchConnectors({ sandbox: true });
    h.emu.clock.advance(2 * 60 * 60 * 1000 + 1000);
    try {
      // The SDK checks `exp` against the wall clock, so it still sends the key the emulator now considers expired.
      const rejection = await rejectionOf(client.fetchConnectors({ sandbox: true }));
      assert.deepEqual(Object.keys(rejection).sort(), ['code', 'message']);
      assert.equal(rejection.code, 403);
      assert.match(rejection.message ?? '', /expired/);
    } finally {
      h.emu.controls.reset();
    }
  });

  it('rejects missing and forged keys', async () => {
    assert.equal((await rawCall(h.emu.apiUrl, 'GET', '/connectors')).status, 403);
    const forged = await rawCall(h.emu.apiUrl, 'GET', '/connectors', {
      apiKey: 'eyJhbGciOiJIUzI1NiJ9.e30.x',
    });
    assert.equal(forged.status, 403);
    assert.equal(forged.body.codeDescription, undefined);
  });
});

describe('expiredKeyStatus: 401', () => {
  it('answers expired keys with 401 when configured', async () => {
    const h = await startSdkHarness({ expiredKeyStatus: 401 });
    try {
      const { body } = await rawCall(h.emu.apiUrl, 'POST', '/auth', {
        body: { clientId: h.emu.clientId, clientSecret: h.emu.clientSecret },
      });
      h.emu.clock.advance(7201_000);
      const answer = await rawCall(h.emu.apiUrl, 'GET', '/connectors', { apiKey: body.apiKey });
      assert.equal(answer.status, 401);
      assert.deepEqual(answer.body, { code: 401, message: 'API key expired' });
    } finally {
      await h.stop();
    }
  });
});

describe('update-mode connect tokens (itemId scope)', () => {
  it('may read, update and answer MFA for the scoped item only', async () => {
    const h = await startSdkHarness();
    try {
      const item = await h.client.createItem(5, { user: 'user-ok', password: 'password-ok' });
      const other = await h.client.createItem(0, { user: 'user-ok', password: 'password-ok' });
      await waitForItem(h.client, item.id);
      const { accessToken } = await h.client.createConnectToken(item.id);
      const call = (method: string, path: string, body?: unknown) =>
        rawCall(h.emu.apiUrl, method, path, { apiKey: accessToken, ...(body === undefined ? {} : { body }) });

      assert.equal((await call('GET', `/items/${item.id}`)).body.status, 'WAITING_USER_INPUT');
      assert.equal((await call('POST', `/items/${item.id}/mfa`, { token: '123456' })).status, 200);
      assert.equal((await waitForItem(h.client, item.id)).status, 'UPDATED');
      const patched = await call('PATCH', `/items/${item.id}`, { parameters: { password: 'password-ok' } });
      assert.equal(patched.status, 200);
      assert.equal(patched.body.status, 'UPDATING');
      assert.equal((await call('GET', `/items/${other.id}`)).status, 403);
      assert.equal((await call('PATCH', `/items/${other.id}`, {})).status, 403);
      const unknownItem = await rejectionOf(h.client.createConnectToken('no-such-item'));
      assert.equal(unknownItem.code, 404);
    } finally {
      await h.stop();
    }
  });
});
