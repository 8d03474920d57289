import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import {
  fetchApiKey,
  rawCall,
  rejectionOf,
  startSdkHarness,
  waitForItem,
  type ApiBody,
  type SdkHarness,
} from './sdk-helpers.js';

const OK = { user: 'user-ok', password: 'password-ok' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Pluggy's 410 for the retired v1 list, as reported in securo-finance/securo#266 (pluggy.md §4). */
function assertDeprecated(body: ApiBody): void {
  assert.deepEqual(Object.keys(body).sort(), ['code', 'codeDescription', 'errorId', 'message']);
  assert.equal(body.code, 410);
  assert.equal(body.codeDescription, 'ENDPOINT_DEPRECATED');
  assert.equal(
    body.message,
    'This endpoint is deprecated. Use GET /v2/transactions with cursor pagination instead.',
  );
  assert.match(String(body.errorId), UUID);
}

describe('deprecated v1 transactions (test control)', () => {
  let h: SdkHarness;
  let apiKey: string;
  let accountId: string;
  before(async () => {
    h = await startSdkHarness();
    apiKey = await fetchApiKey(h.emu);
  });
  // Each test starts from a fresh item, because reset also clears the data.
  afterEach(() => h.emu.controls.reset());
  after(() => h.stop());

  const control = (method: string, body?: unknown) =>
    rawCall(h.emu.apiUrl, method, '/__emulator/deprecations', body === undefined ? {} : { body });
  const newAccount = async () => {
    const item = await waitForItem(h.client, (await h.client.createItem(0, OK)).id);
    accountId = (await h.client.fetchAccounts(item.id, 'BANK')).results[0]!.id;
  };

  it('is off by default; when on, v1 GET /transactions answers 410 ENDPOINT_DEPRECATED', async () => {
    await newAccount();
    assert.deepEqual((await control('GET')).body, { v1Transactions: false });
    assert.ok((await h.client.fetchTransactions(accountId)).total > 0);

    const set = await control('POST', { v1Transactions: true });
    assert.deepEqual([set.status, set.body], [200, { v1Transactions: true }]);
    assert.deepEqual((await control('GET')).body, { v1Transactions: true });

    // The official SDK rejects with the parsed body and does not retry a 410.
    assertDeprecated(await rejectionOf(h.client.fetchTransactions(accountId)));
    const first = await rawCall(h.emu.apiUrl, 'GET', `/transactions?accountId=${accountId}&page=2`, {
      apiKey,
    });
    assert.equal(first.status, 410);
    assertDeprecated(first.body);
    const second = await rawCall(h.emu.apiUrl, 'GET', `/transactions?accountId=${accountId}`, { apiKey });
    assertDeprecated(second.body);
    assert.notEqual(second.body.errorId, first.body.errorId, 'a fresh errorId per answer');
    // The endpoint is gone whatever the query: no 400 for a missing accountId.
    assert.equal((await rawCall(h.emu.apiUrl, 'GET', '/transactions', { apiKey })).status, 410);
  });

  it('leaves GET /transactions/{id} and the v2 cursor API working, and a connect token still gets 403', async () => {
    await newAccount();
    const [transaction] = (await h.client.fetchTransactionsCursor(accountId)).results;
    h.emu.setDeprecations({ v1Transactions: true });
    assert.equal((await h.client.fetchTransaction(transaction!.id)).id, transaction!.id);
    const all = await h.client.fetchAllTransactions(accountId);
    assert.ok(all.length > 100, 'v2 pages are still served');
    const { accessToken } = await h.client.createConnectToken();
    const withToken = await rawCall(h.emu.apiUrl, 'GET', `/transactions?accountId=${accountId}`, {
      apiKey: accessToken,
    });
    assert.equal(withToken.status, 403);
  });

  it('turns off again through HTTP, in process, and by reset', async () => {
    await newAccount();
    assert.deepEqual(h.emu.setDeprecations({ v1Transactions: true }), { v1Transactions: true });
    assert.deepEqual((await control('GET')).body, { v1Transactions: true });
    assert.deepEqual((await control('POST', { v1Transactions: false })).body, { v1Transactions: false });
    assert.ok((await h.client.fetchTransactions(accountId)).total > 0);

    await control('POST', { v1Transactions: true });
    assert.equal((await control('POST', { v1Transactions: true })).status, 200, 'idempotent');
    await rawCall(h.emu.apiUrl, 'POST', '/__emulator/reset');
    assert.deepEqual((await control('GET')).body, { v1Transactions: false });
    assert.deepEqual(h.emu.controls.deprecations(), { v1Transactions: false });
  });

  it('refuses a body that is not exactly {v1Transactions: boolean}', async () => {
    for (const body of [{}, { v1Transactions: 'yes' }, { v1Transactions: true, v2Transactions: true }]) {
      const answer = await control('POST', body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.body.code, 400);
    }
    assert.deepEqual((await control('GET')).body, { v1Transactions: false }, 'nothing changed');
  });
});
