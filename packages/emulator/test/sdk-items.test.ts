import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { MFA_INPUT_TIMEOUT_MS } from '../src/items/mfa.js';
import {
  fetchApiKey,
  rejectionOf,
  startSdkHarness,
  rawCall,
  rawCallFrom,
  waitForItem,
  type SdkHarness,
} from './sdk-helpers.js';

const OK = { user: 'user-ok', password: 'password-ok' };

describe('items through the official pluggy-sdk', () => {
  let h: SdkHarness;
  let apiKey: string;
  before(async () => {
    h = await startSdkHarness();
    apiKey = await fetchApiKey(h.emu);
  });
  afterEach(() => h.emu.controls.reset());
  after(() => h.stop());

  const outcomes: [string, string, string, string | null][] = [
    ['user-ok', 'UPDATED', 'SUCCESS', null],
    ['user-logged', 'OUTDATED', 'ALREADY_LOGGED_IN', 'ALREADY_LOGGED_IN'],
    ['user-locked', 'LOGIN_ERROR', 'ACCOUNT_LOCKED', 'ACCOUNT_LOCKED'],
    ['user-error', 'OUTDATED', 'UNEXPECTED_ERROR', 'UNEXPECTED_ERROR'],
    ['user-unavailable', 'OUTDATED', 'SITE_NOT_AVAILABLE', 'SITE_NOT_AVAILABLE'],
    ['user-account-need-actions', 'LOGIN_ERROR', 'ACCOUNT_NEEDS_ACTION', 'ACCOUNT_NEEDS_ACTION'],
    [
      'user-account-need-actions-provider-message',
      'LOGIN_ERROR',
      'ACCOUNT_NEEDS_ACTION',
      'ACCOUNT_NEEDS_ACTION',
    ],
    ['user-connection-error', 'OUTDATED', 'CONNECTION_ERROR', 'CONNECTION_ERROR'],
    ['user-ok-account-error', 'UPDATED', 'PARTIAL_SUCCESS', null],
    ['user-ok-account-warning', 'UPDATED', 'SUCCESS', null],
    [
      'user-account-credentials-reset',
      'LOGIN_ERROR',
      'ACCOUNT_CREDENTIALS_RESET',
      'ACCOUNT_CREDENTIALS_RESET',
    ],
    ['user-not-supported', 'LOGIN_ERROR', 'USER_NOT_SUPPORTED', 'USER_NOT_SUPPORTED'],
    ['user-ok-perf-3', 'UPDATED', 'SUCCESS', null],
    ['user-nobody', 'LOGIN_ERROR', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS'],
  ];

  for (const [user, status, executionStatus, errorCode] of outcomes) {
    it(`${user} ends ${status}/${executionStatus}`, async () => {
      const created = await h.client.createItem(0, { user, password: 'password-ok' });
      assert.equal(created.status, 'UPDATING');
      assert.equal(created.executionStatus, 'CREATING');
      const item = await waitForItem(h.client, created.id);
      assert.equal(item.status, status);
      assert.equal(item.executionStatus, executionStatus);
      assert.equal(item.error?.code ?? null, errorCode);
      if (status === 'UPDATED') {
        assert.ok(item.lastUpdatedAt instanceof Date);
        assert.ok(item.nextAutoSyncAt instanceof Date);
        assert.equal(item.consecutiveFailedLoginAttempts, 0);
      }
      if (status === 'LOGIN_ERROR') assert.equal(item.consecutiveFailedLoginAttempts, 1);
    });
  }

  it('reports the provider message, partial success and warnings', async () => {
    const withMessage = await waitForItem(
      h.client,
      (
        await h.client.createItem(0, {
          user: 'user-account-need-actions-provider-message',
          password: 'password-ok',
        })
      ).id,
    );
    assert.ok(withMessage.error?.providerMessage);

    const partial = await waitForItem(
      h.client,
      (await h.client.createItem(0, { user: 'user-ok-account-error', password: 'password-ok' })).id,
    );
    assert.equal(partial.statusDetail?.accounts?.isUpdated, false);
    assert.equal(partial.statusDetail?.creditCards?.isUpdated, true);
    assert.equal(partial.statusDetail?.accountStatements, null, 'not requested: null, not missing');
    const partialAccounts = await h.client.fetchAccounts(partial.id);
    assert.deepEqual(
      partialAccounts.results.map((a) => a.subtype),
      ['CREDIT_CARD'],
    );

    const warned = await waitForItem(
      h.client,
      (await h.client.createItem(0, { user: 'user-ok-account-warning', password: 'password-ok' })).id,
    );
    assert.equal(warned.statusDetail?.accounts?.warnings?.[0]?.code, '001');
  });

  it('a wrong password is INVALID_CREDENTIALS and counts failed attempts', async () => {
    const created = await h.client.createItem(0, { user: 'user-ok', password: 'password-bad' });
    const failed = await waitForItem(h.client, created.id);
    assert.equal(failed.executionStatus, 'INVALID_CREDENTIALS');
    await h.client.updateItem(created.id, { user: 'user-ok', password: 'password-no' });
    const again = await waitForItem(h.client, created.id);
    assert.equal(again.consecutiveFailedLoginAttempts, 2);
    await h.client.updateItem(created.id, OK);
    const fixed = await waitForItem(h.client, created.id);
    assert.equal(fixed.status, 'UPDATED');
    assert.equal(fixed.consecutiveFailedLoginAttempts, 0);
  });

  it('walks real executionStatus values, in order, on the way to UPDATED', async () => {
    // One step per minute of emulator time: wall time cannot move the run, only the test's clock advances do.
    const slow = await startSdkHarness({ stepDelayMs: 60_000 });
    try {
      /** Every (status, executionStatus) the item shows, reading it once after each step. */
      const walk = async (id: string, first: { status: string; executionStatus: string }) => {
        const seen = [`${first.status}/${first.executionStatus}`];
        for (let step = 0; step < 20 && !seen.at(-1)!.startsWith('UPDATED/'); step += 1) {
          if (seen.at(-1) === 'WAITING_USER_INPUT/WAITING_USER_INPUT') {
            const answered = await slow.client.updateItemMFA(id, { token: '123456' });
            seen.push(`${answered.status}/${answered.executionStatus}`);
          }
          slow.emu.clock.advance(60_000);
          const item = await slow.client.fetchItem(id);
          seen.push(`${item.status}/${item.executionStatus}`);
        }
        return seen;
      };

      const created = await slow.client.createItem(0, OK);
      assert.deepEqual(await walk(created.id, created), [
        'UPDATING/CREATING',
        'UPDATING/LOGIN_IN_PROGRESS',
        'UPDATING/ACCOUNTS_IN_PROGRESS',
        'UPDATING/CREDITCARDS_IN_PROGRESS',
        'UPDATING/TRANSACTIONS_IN_PROGRESS',
        'UPDATING/INVESTMENTS_IN_PROGRESS',
        'UPDATING/IDENTITY_IN_PROGRESS',
        'UPDATED/SUCCESS',
      ]);

      // Only the requested products are collected, and an update starts at LOGIN_IN_PROGRESS.
      const fewer = await slow.client.createItem(5, OK, { products: ['ACCOUNTS', 'TRANSACTIONS'] });
      assert.deepEqual(await walk(fewer.id, fewer), [
        'UPDATING/CREATING',
        'UPDATING/LOGIN_IN_PROGRESS',
        'WAITING_USER_INPUT/WAITING_USER_INPUT',
        'UPDATING/LOGIN_MFA_IN_PROGRESS',
        'UPDATING/ACCOUNTS_IN_PROGRESS',
        'UPDATING/TRANSACTIONS_IN_PROGRESS',
        'UPDATED/SUCCESS',
      ]);
      const update = await slow.client.updateItem(created.id);
      assert.deepEqual((await walk(created.id, update)).slice(0, 3), [
        'UPDATING/LOGIN_IN_PROGRESS',
        'UPDATING/ACCOUNTS_IN_PROGRESS',
        'UPDATING/CREDITCARDS_IN_PROGRESS',
      ]);
    } finally {
      await slow.stop();
      process.env.PLUGGY_API_URL = h.emu.apiUrl;
    }
  });

  it('MFA 1-step: the token goes with the login', async () => {
    const ok = await waitForItem(h.client, (await h.client.createItem(4, { ...OK, token: '123456' })).id);
    assert.equal(ok.status, 'UPDATED');
    const wrong = await waitForItem(h.client, (await h.client.createItem(4, { ...OK, token: '654321' })).id);
    assert.equal(wrong.status, 'LOGIN_ERROR');
    assert.equal(wrong.executionStatus, 'INVALID_CREDENTIALS_MFA');
  });

  it('MFA 2-step: WAITING_USER_INPUT with a token parameter, then UPDATED', async () => {
    const created = await h.client.createItem(5, OK);
    const waiting = await waitForItem(h.client, created.id);
    assert.equal(waiting.status, 'WAITING_USER_INPUT');
    assert.equal(waiting.executionStatus, 'WAITING_USER_INPUT');
    assert.equal(waiting.parameter?.name, 'token');
    assert.ok(waiting.parameter?.expiresAt instanceof Date);
    const answered = await h.client.updateItemMFA(created.id, { token: '123456' });
    assert.equal(answered.status, 'UPDATING');
    assert.equal(answered.executionStatus, 'LOGIN_MFA_IN_PROGRESS');
    const done = await waitForItem(h.client, created.id);
    assert.equal(done.status, 'UPDATED');
    assert.equal(done.parameter, null);
  });

  it('MFA 2-step select (user-ok-select): any option succeeds', async () => {
    const created = await h.client.createItem(5, { user: 'user-ok-select', password: 'password-ok' });
    const waiting = await waitForItem(h.client, created.id);
    assert.equal(waiting.parameter?.type, 'select');
    const option = waiting.parameter?.options?.[1]?.value;
    assert.ok(option);
    await h.client.updateItemMFA(created.id, { [waiting.parameter!.name]: option });
    assert.equal((await waitForItem(h.client, created.id)).status, 'UPDATED');
  });

  it('MFA 2-step with a wrong code ends INVALID_CREDENTIALS_MFA', async () => {
    const created = await h.client.createItem(5, OK);
    await waitForItem(h.client, created.id);
    await h.client.updateItemMFA(created.id, { token: '000000' });
    const failed = await waitForItem(h.client, created.id);
    assert.equal(failed.status, 'LOGIN_ERROR');
    assert.equal(failed.executionStatus, 'INVALID_CREDENTIALS_MFA');
    assert.equal(failed.error?.code, 'INVALID_CREDENTIALS_MFA');
  });

  it('MFA 2-step times out with USER_INPUT_TIMEOUT once the parameter expires on the emulator clock', async () => {
    const created = await h.client.createItem(5, OK);
    await waitForItem(h.client, created.id);
    // A wide margin: wall time also flows between the item parking and this advance.
    h.emu.clock.advance(MFA_INPUT_TIMEOUT_MS - 30_000);
    assert.equal((await h.client.fetchItem(created.id)).status, 'WAITING_USER_INPUT');
    h.emu.clock.advance(30_000);
    const timedOut = await h.client.fetchItem(created.id);
    assert.equal(timedOut.executionStatus, 'USER_INPUT_TIMEOUT');
    assert.equal(timedOut.error?.code, 'USER_INPUT_TIMEOUT');
    const late = await rejectionOf(h.client.updateItemMFA(created.id, { token: '123456' }));
    assert.equal(late.code, 400);
  });

  it('PATCH re-syncs an updated item and answers 400 while a run is in progress', async () => {
    // Slow steps on a separate emulator keep the run in progress until the test advances its clock.
    const slow = await startSdkHarness({ stepDelayMs: 60_000 });
    try {
      const created = await slow.client.createItem(0, OK);
      const running = await rejectionOf(slow.client.updateItem(created.id));
      assert.equal(running.code, 400);
      assert.equal(running.message, 'An update is already in progress, wait until the last execution ends');
      const finishRun = () => {
        for (let step = 0; step < 10; step += 1) slow.emu.clock.advance(60_000);
      };
      finishRun();
      const first = await slow.client.fetchItem(created.id);
      assert.equal(first.status, 'UPDATED');
      const updating = await slow.client.updateItem(created.id);
      assert.equal(updating.status, 'UPDATING');
      assert.equal(updating.executionStatus, 'LOGIN_IN_PROGRESS');
      assert.equal((await rejectionOf(slow.client.updateItem(created.id))).code, 400);
      finishRun();
      const second = await slow.client.fetchItem(created.id);
      assert.equal(second.status, 'UPDATED');
      assert.ok(second.lastUpdatedAt!.getTime() > first.lastUpdatedAt!.getTime());
    } finally {
      await slow.stop();
      process.env.PLUGGY_API_URL = h.emu.apiUrl;
    }
  });

  it('limits PATCH to 20 per minute per source IP, whatever the item, with Retry-After: 60', async () => {
    // Parked at WAITING_USER_INPUT, every PATCH is refused with 400 and still counts against the limit.
    const parked = await h.client.createItem(5, OK);
    const updated = await h.client.createItem(0, OK);
    await waitForItem(h.client, parked.id);
    await waitForItem(h.client, updated.id);
    const patch = (id: string) => rawCall(h.emu.apiUrl, 'PATCH', `/items/${id}`, { apiKey, body: {} });
    for (let n = 0; n < 19; n += 1) {
      const answer = await patch(parked.id);
      assert.equal(answer.status, 400);
      assert.equal(answer.headers.get('ratelimit-remaining'), String(19 - n));
    }
    // An unknown item counts too: the limit is on the endpoint, not on an item.
    const unknown = await patch('nope');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.headers.get('ratelimit-remaining'), '0');
    // Another item, another API key: the same window, because the source IP is the same.
    const otherKey = await fetchApiKey(h.emu);
    const limited = await rawCall(h.emu.apiUrl, 'PATCH', `/items/${updated.id}`, {
      apiKey: otherKey,
      body: {},
    });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '60');
    assert.equal(limited.headers.get('ratelimit-limit'), '20');
    assert.equal(limited.body.code, 429);
    assert.equal(
      limited.body.message,
      'Too many requests. Please try again later (see Retry-After header in seconds)',
    );
    assert.equal((await h.client.fetchItem(updated.id)).status, 'UPDATED', 'a refused PATCH starts no run');
    // The emulator is never behind a proxy: a forwarded-for header does not open a new window.
    const forwarded = await rawCall(h.emu.apiUrl, 'PATCH', `/items/${updated.id}`, {
      apiKey,
      body: {},
      headers: { 'X-Forwarded-For': '203.0.113.9' },
    });
    assert.equal(forwarded.status, 429);
    // Another source IP has its own window; this one's reopens a minute later on the emulator clock.
    const fromElsewhere = await rawCallFrom('127.0.0.2', h.emu.apiUrl, 'PATCH', `/items/${updated.id}`, {
      apiKey,
      body: {},
    });
    assert.equal(fromElsewhere.status, 200);
    assert.equal(fromElsewhere.headers.get('ratelimit-remaining'), '19');
    assert.equal((await patch(parked.id)).status, 429);
    h.emu.clock.advance(60_000);
    assert.equal((await patch(parked.id)).status, 400);
  });

  it('deletes with 200 {count: 1}; the item is then 404', async () => {
    const created = await h.client.createItem(0, OK);
    await waitForItem(h.client, created.id);
    const deleted = await rawCall(h.emu.apiUrl, 'DELETE', `/items/${created.id}`, { apiKey });
    assert.deepEqual([deleted.status, deleted.body], [200, { count: 1 }]);
    const missing = await rejectionOf(h.client.fetchItem(created.id));
    assert.equal(missing.code, 404);
    const again = await rejectionOf(h.client.deleteItem(created.id));
    assert.equal(again.code, 404);
  });

  it('stores clientUserId and webhookUrl; rejects a bad webhookUrl with 400 and no details', async () => {
    const item = await h.client.createItem(0, OK, {
      clientUserId: 'u-1',
      webhookUrl: 'http://127.0.0.1:9/h',
    });
    assert.equal(item.clientUserId, 'u-1');
    assert.equal(item.webhookUrl, 'http://127.0.0.1:9/h');
    const bad = await rejectionOf(h.client.createItem(0, OK, { webhookUrl: 'localhost:9999' }));
    assert.equal(bad.code, 400);
    assert.equal(bad.details, undefined);
  });

  it('avoidDuplicates returns the existing item for the same connector and credentials, whoever asks', async () => {
    const first = await h.client.createItem(0, OK, { clientUserId: 'u-7', avoidDuplicates: true });
    await waitForItem(h.client, first.id);
    const second = await h.client.createItem(0, OK, { clientUserId: 'u-7', avoidDuplicates: true });
    assert.equal(second.id, first.id);
    await waitForItem(h.client, first.id);
    const otherUser = await h.client.createItem(0, OK, { clientUserId: 'u-8', avoidDuplicates: true });
    assert.equal(otherUser.id, first.id, 'the credentials decide, not clientUserId');
    assert.equal(otherUser.clientUserId, 'u-7', 'the item keeps its first clientUserId');
    await waitForItem(h.client, first.id);
    const otherLogin = await h.client.createItem(0, { ...OK, user: 'user-ok-2' }, { avoidDuplicates: true });
    assert.notEqual(otherLogin.id, first.id);

    // Through connect tokens (the Connect page's way): the second token gets the first token's item and may read it.
    const tokenOptions = { clientUserId: 'u-9', avoidDuplicates: true };
    const firstToken = (await h.client.createConnectToken(undefined, tokenOptions)).accessToken;
    const secondToken = (await h.client.createConnectToken(undefined, tokenOptions)).accessToken;
    const body = { connectorId: 0, parameters: OK };
    const viaFirst = await rawCall(h.emu.apiUrl, 'POST', '/items', { apiKey: firstToken, body });
    await waitForItem(h.client, String(viaFirst.body.id));
    const viaSecond = await rawCall(h.emu.apiUrl, 'POST', '/items', { apiKey: secondToken, body });
    assert.equal(viaSecond.body.id, viaFirst.body.id);
    const read = await rawCall(h.emu.apiUrl, 'GET', `/items/${String(viaFirst.body.id)}`, {
      apiKey: secondToken,
    });
    assert.equal(read.status, 200);
  });

  it('validates parameters against the connector definition (400 with details)', async () => {
    const unknown = await rejectionOf(h.client.createItem(0, { ...OK, pin: '1' }));
    assert.equal(unknown.code, 400);
    assert.deepEqual(
      unknown.details?.map((d) => d.parameter),
      ['pin'],
    );
    const invalid = await rejectionOf(h.client.createItem(0, { user: 'bob', password: 'password-ok' }));
    assert.equal(invalid.details?.[0]?.message, 'O user deve começar com "user-"');
    const missingToken = await rejectionOf(h.client.createItem(4, OK));
    assert.equal(missingToken.details?.[0]?.parameter, 'token');
    const noConnector = await rejectionOf(h.client.createItem(999, OK));
    assert.equal(noConnector.code, 404);
  });

  it('refuses new items and syncs on an OFFLINE connector, and takes them again once it is back', async () => {
    const item = await h.client.createItem(0, OK);
    await waitForItem(h.client, item.id);
    h.emu.controls.setConnectorStatus(0, 'OFFLINE');
    const refused = await rejectionOf(h.client.createItem(0, OK));
    assert.equal(refused.code, 400);
    assert.equal(refused.codeDescription, 'CONNECTOR_OFFLINE');
    const refusedSync = await rejectionOf(h.client.updateItem(item.id));
    assert.equal(refusedSync.code, 400);
    assert.equal(refusedSync.codeDescription, 'CONNECTOR_OFFLINE');
    h.emu.controls.setConnectorStatus(0, 'ONLINE');
    assert.equal((await h.client.updateItem(item.id)).status, 'UPDATING');
  });

  it('answers 404 for unknown item ids on every item route', async () => {
    for (const [method, path] of [
      ['GET', '/items/nope'],
      ['PATCH', '/items/nope'],
      ['DELETE', '/items/nope'],
      ['POST', '/items/nope/mfa'],
    ] as const) {
      const answer = await rawCall(h.emu.apiUrl, method, path, {
        apiKey,
        ...(method === 'GET' ? {} : { body: {} }),
      });
      assert.equal(answer.status, 404, `${method} ${path}`);
      assert.equal(answer.body.code, 404);
    }
  });
});
