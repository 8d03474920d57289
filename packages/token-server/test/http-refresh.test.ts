/**
 * POST /items/:id/refresh: Pluggy's "update already in progress" 400 is a 409, any other 400 a 502 that does
 * not echo Pluggy; the per-user limit (default 6 a minute) answers 429 with Retry-After before Pluggy is called.
 * Runs take one emulator-clock minute per step, so an item stays "running" until the test moves the clock.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type Emulator } from '@pluggy-kit/emulator';
import { createPluggyClient } from '../src/pluggy/pluggy-client.js';
import { startKit, type TestKit } from './helpers/kit-server.js';
import { startPluggyProxy, type PluggyProxy } from './helpers/pluggy-proxy.js';

const STEP_MS = 60_000;

interface Answer {
  code?: string;
  message?: string;
  action?: string;
}

describe('POST /items/:id/refresh', () => {
  let emulator: Emulator;
  let proxy: PluggyProxy;

  before(async () => {
    emulator = await startEmulator({ stepDelayMs: STEP_MS });
    proxy = await startPluggyProxy(emulator.apiUrl);
  });
  after(async () => {
    await proxy.stop();
    await emulator.stop();
  });

  /** Moves the emulator clock step by step (each step schedules the next) until every run has ended. */
  function finishRuns(): void {
    for (let step = 0; step < 20; step += 1) emulator.controls.advanceClock(STEP_MS);
  }

  /** A connection of `user`'s, recorded and finished at Pluggy. */
  async function connectedItem(kit: TestKit, cookie: string): Promise<string> {
    const { id } = await kit.connect(cookie);
    assert.equal((await kit.request('POST', '/api/items', { cookie, body: { itemId: id } })).status, 200);
    finishRuns();
    return id;
  }

  it("maps Pluggy's 'already in progress' 400 to 409, an offline connector to 503 and any other 400 to 502, without Pluggy's words", async () => {
    const pluggy = createPluggyClient({
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      baseUrl: proxy.url,
    });
    const kit = await startKit(emulator, {
      pluggy,
      pluggyApiUrl: proxy.url,
      rateLimit: { refreshPerUserPerMinute: 100 },
    });
    try {
      const alice = await kit.signIn('alice');
      const itemId = await connectedItem(kit, alice);
      const refresh = async () => {
        const response = await kit.request('POST', `/api/items/${itemId}/refresh`, {
          cookie: alice,
          body: {},
        });
        return { status: response.status, body: (await response.json()) as Answer };
      };

      const started = await refresh();
      assert.deepEqual([started.status, started.body.action], [200, 'wait']);
      const running = await refresh();
      assert.deepEqual([running.status, running.body.code], [409, 'ITEM_ALREADY_UPDATING']);
      finishRuns();

      for (const upstream of [
        {
          code: 400,
          codeDescription: 'SANDBOX_CLIENT_ITEM_UPDATE_NOT_ALLOWED',
          message: 'Internal: item updates are disabled for client 0xdeadbeef',
        },
        {
          code: 400,
          codeDescription: 'CONNECTOR_VALIDATION_ERROR',
          message: 'Internal: stored parameter user failed ^user-',
          details: [{ code: 'INVALID', parameter: 'user', message: 'Internal: user' }],
        },
      ]) {
        proxy.answerNext({ method: 'PATCH', path: `/items/${itemId}`, status: 400, body: upstream });
        const refused = await refresh();
        assert.deepEqual(
          [refused.status, refused.body.code],
          [502, 'PLUGGY_REJECTED'],
          upstream.codeDescription,
        );
        assert.doesNotMatch(JSON.stringify(refused.body), /Internal|deadbeef|SANDBOX|VALIDATION|details/);
        assert.ok(
          kit.logs.some(
            (line) =>
              line.codeDescription === upstream.codeDescription &&
              /refused to start a sync/.test(String(line.msg)),
          ),
          'the refusal is in the server log',
        );
      }
      // The emulator's own refusal, as Pluggy's: an OFFLINE connector refuses every connection (pluggy.md §2.2).
      const view = await kit.request('GET', `/api/items/${itemId}`, { cookie: alice });
      const connectorId = ((await view.json()) as { connector: { id: number } }).connector.id;
      emulator.controls.setConnectorStatus(connectorId, 'OFFLINE');
      const offline = await refresh();
      emulator.controls.setConnectorStatus(connectorId, 'ONLINE');
      assert.deepEqual([offline.status, offline.body.code], [503, 'CONNECTOR_OFFLINE']);
      const again = await refresh();
      assert.equal(again.status, 200, 'the item itself was fine');
    } finally {
      await kit.stop();
    }
  });

  it('limits each user to 6 refreshes a minute by default: the 7th is 429 with Retry-After and never reaches Pluggy', async () => {
    const kit = await startKit(emulator);
    try {
      const bob = await kit.signIn('bob');
      const itemId = await connectedItem(kit, bob);
      const patches = () => kit.calls.count('PATCH', `/items/${itemId}`);
      for (let attempt = 1; attempt <= 6; attempt += 1) {
        const response = await kit.request('POST', `/api/items/${itemId}/refresh`, { cookie: bob, body: {} });
        // The first starts a run; the next ones find it running (409): all count towards the limit.
        assert.equal(response.status, attempt === 1 ? 200 : 409, `attempt ${attempt}`);
      }
      assert.equal(patches(), 6);
      const limited = await kit.request('POST', `/api/items/${itemId}/refresh`, { cookie: bob, body: {} });
      assert.equal(limited.status, 429);
      assert.equal(((await limited.json()) as Answer).code, 'RATE_LIMITED');
      const retryAfter = Number(limited.headers.get('retry-after'));
      assert.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After ${retryAfter}`);
      assert.equal(patches(), 6, 'the limited request never reached Pluggy');
    } finally {
      await kit.stop();
    }
  });
});
