import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { rawCall, startSdkHarness, type SdkHarness } from './sdk-helpers.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const HOUR_MS = 60 * 60 * 1000;

interface Listed {
  apiKey: string;
  clientId: string;
  issuedAt: string;
}

describe('GET /__emulator/api-keys: the API keys POST /auth issued', () => {
  let h: SdkHarness;
  before(async () => {
    h = await startSdkHarness({ clients: [{ clientId: 'other-id', clientSecret: 'other-secret' }] });
  });
  afterEach(() => h.emu.controls.reset());
  after(() => h.stop());

  const listed = async (): Promise<Listed[]> => {
    const answer = await rawCall(h.emu.apiUrl, 'GET', '/__emulator/api-keys');
    assert.equal(answer.status, 200);
    assert.deepEqual(Object.keys(answer.body), ['results']);
    return answer.body.results as unknown as Listed[];
  };
  const auth = async (clientId: string, clientSecret: string) =>
    rawCall(h.emu.apiUrl, 'POST', '/auth', { body: { clientId, clientSecret } });

  it('lists every issued key, newest first, with clientId and issuedAt on the emulator clock', async () => {
    assert.deepEqual(await listed(), []);
    const first = await auth(h.emu.clientId, h.emu.clientSecret);
    h.emu.clock.advance(HOUR_MS);
    const second = await auth('other-id', 'other-secret');
    const results = await listed();
    assert.deepEqual(
      results.map((entry) => [entry.apiKey, entry.clientId]),
      [
        [second.body.apiKey, 'other-id'],
        [first.body.apiKey, 'dev-client-id'],
      ],
    );
    for (const entry of results) {
      assert.deepEqual(Object.keys(entry).sort(), ['apiKey', 'clientId', 'issuedAt']);
      assert.match(entry.issuedAt, ISO);
    }
    const gap = Date.parse(results[0]!.issuedAt) - Date.parse(results[1]!.issuedAt);
    assert.ok(gap >= HOUR_MS && gap < HOUR_MS + 5000, `issuedAt follows the emulator clock (${gap} ms)`);
    assert.ok(Math.abs(Date.parse(results[0]!.issuedAt) - h.emu.clock.now()) < 5000);
  });

  it("includes the official SDK's own key, and no refused /auth or connect token", async () => {
    await h.client.fetchConnectors({ sandbox: true });
    const [sdkKey] = await listed();
    assert.equal(sdkKey?.clientId, 'dev-client-id');
    const withIt = await rawCall(h.emu.apiUrl, 'GET', '/connectors/0', { apiKey: sdkKey!.apiKey });
    assert.equal(withIt.status, 200, 'the listed key is the one that works');

    assert.equal((await auth(h.emu.clientId, 'wrong-secret')).status, 401);
    assert.equal((await rawCall(h.emu.apiUrl, 'POST', '/auth', { body: {} })).status, 400);
    await h.client.createConnectToken();
    assert.deepEqual(
      (await listed()).map((entry) => entry.apiKey),
      [sdkKey!.apiKey],
    );
  });

  it('is the same in process, and reset empties it', async () => {
    await auth(h.emu.clientId, h.emu.clientSecret);
    await auth(h.emu.clientId, h.emu.clientSecret);
    const inProcess = h.emu.issuedApiKeys();
    assert.equal(inProcess.length, 2);
    assert.notEqual(inProcess[0]!.apiKey, inProcess[1]!.apiKey);
    assert.deepEqual(inProcess, await listed());
    await rawCall(h.emu.apiUrl, 'POST', '/__emulator/reset');
    assert.deepEqual(await listed(), []);
    assert.deepEqual(h.emu.issuedApiKeys(), []);
  });
});
