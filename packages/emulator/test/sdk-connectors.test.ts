import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rawCall, fetchApiKey, rejectionOf, startSdkHarness, type SdkHarness } from './sdk-helpers.js';

describe('connectors through the official pluggy-sdk', () => {
  let h: SdkHarness;
  before(async () => {
    h = await startSdkHarness();
  });
  after(() => h.stop());

  it('lists the sandbox Pluggy Bank connectors only with sandbox=true, in a page envelope', async () => {
    const sandbox = await h.client.fetchConnectors({ sandbox: true });
    assert.deepEqual(
      sandbox.results.map((c) => c.id),
      [0, 2, 4, 5, 8],
    );
    assert.equal(sandbox.total, 5);
    assert.equal(sandbox.page, 1);
    assert.equal(sandbox.totalPages, 1);
    assert.ok(sandbox.results.every((c) => c.isSandbox && c.health.status === 'ONLINE'));
    assert.equal((await h.client.fetchConnectors()).total, 0);
  });

  it('filters by name, countries, types and isOpenFinance', async () => {
    const business = await h.client.fetchConnectors({ sandbox: true, types: ['BUSINESS_BANK'] });
    assert.deepEqual(
      business.results.map((c) => c.id),
      [8],
    );
    const mfa = await h.client.fetchConnectors({ sandbox: true, name: 'mfa' });
    assert.deepEqual(
      mfa.results.map((c) => c.id),
      [4, 5],
    );
    assert.equal((await h.client.fetchConnectors({ sandbox: true, countries: ['AR', 'MX'] })).total, 0);
    assert.equal((await h.client.fetchConnectors({ sandbox: true, countries: ['BR', 'AR'] })).total, 5);
    assert.equal((await h.client.fetchConnectors({ sandbox: true, isOpenFinance: true })).total, 0);
  });

  it('serves real credential definitions with validation regexes and messages', async () => {
    const bank = await h.client.fetchConnector(2);
    assert.equal(bank.type, 'PERSONAL_BANK');
    assert.equal(bank.primaryColor, 'ef294b');
    const [user, password] = bank.credentials;
    assert.deepEqual([user?.name, user?.type, user?.validation], ['user', 'text', '^user-.{2,50}$']);
    assert.equal(user?.validationMessage, 'O user deve começar com "user-"');
    assert.deepEqual(
      [password?.name, password?.type, password?.validation],
      ['password', 'password', '^.{6,20}$'],
    );

    const oneStep = await h.client.fetchConnector(4);
    assert.equal(oneStep.hasMFA, true);
    assert.deepEqual(
      oneStep.credentials.filter((c) => c.mfa).map((c) => c.name),
      ['token'],
    );
    const twoStep = await h.client.fetchConnector(5);
    assert.equal(twoStep.hasMFA, true);
    assert.ok(twoStep.credentials.every((c) => !c.mfa));
    const business = await h.client.fetchConnector(8);
    assert.equal(business.credentials[0]?.name, 'cnpj');
  });

  it('validates parameters with POST /connectors/{id}/validate', async () => {
    const ok = await h.client.validateParameters(0, { user: 'user-ok', password: 'password-ok' });
    assert.deepEqual(ok.errors, []);
    const bad = await h.client.validateParameters(0, { user: 'nobody', password: '123' });
    assert.deepEqual(
      bad.errors.map((e) => e.parameter),
      ['user', 'password'],
    );
  });

  it('answers 404 for unknown connectors and 400 for a bad boolean filter', async () => {
    assert.equal((await rejectionOf(h.client.fetchConnector(12345))).code, 404);
    const apiKey = await fetchApiKey(h.emu);
    assert.equal((await rawCall(h.emu.apiUrl, 'GET', '/connectors/abc', { apiKey })).status, 404);
    const bad = await rawCall(h.emu.apiUrl, 'GET', '/connectors?sandbox=maybe', { apiKey });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.details?.[0]?.parameter, 'sandbox');
  });
});
