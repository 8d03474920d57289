import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type Emulator } from '@pluggy-kit/emulator';
import { registerWebhook } from './helpers/emulator-driver.js';
import { waitFor } from './helpers/inbox-waits.js';
import { startKit, WEBHOOK_SECRET, type TestKit } from './helpers/kit-server.js';

interface ItemView {
  id: string;
  status: string;
  executionStatus: string;
  action: string;
  connector: { id: number; health: { status: string; reportedAt: string } | null };
}

describe("the connector's health in the item view (connector/status_updated)", () => {
  let emulator: Emulator;
  let kit: TestKit;
  let alice: string;
  let locked: string;
  let healthy: string;

  before(async () => {
    emulator = await startEmulator({ stepDelayMs: 1 });
    kit = await startKit(emulator);
    alice = await kit.signIn('alice');
    await registerWebhook(emulator, `${kit.url}/api/webhooks`, { 'x-pluggy-kit-secret': WEBHOOK_SECRET });
    locked = (await kit.connect(alice, { user: 'user-locked' })).id;
    healthy = (await kit.connect(alice)).id;
  });
  after(async () => {
    await kit.stop();
    await emulator.stop();
  });

  const view = async (id: string) =>
    (await (await kit.request('GET', `/api/items/${id}`, { cookie: alice })).json()) as ItemView;
  const viewWhen = (id: string, done: (item: ItemView) => boolean, what: string) =>
    waitFor(
      async () => {
        const item = await view(id);
        return done(item) && item;
      },
      10_000,
      what,
    );

  it('shows no health until Pluggy reports one; a locked account asks to reconnect', async () => {
    const item = await viewWhen(locked, (found) => found.status === 'LOGIN_ERROR', 'LOGIN_ERROR');
    assert.deepEqual(
      [item.executionStatus, item.connector.health, item.action],
      ['ACCOUNT_LOCKED', null, 'reconnect'],
    );
    const fine = await viewWhen(healthy, (found) => found.status === 'UPDATED', 'UPDATED');
    assert.deepEqual([fine.connector.health, fine.action], [null, 'none']);
  });

  for (const status of ['OFFLINE', 'UNSTABLE'] as const) {
    it(`offers retry_later for a failed item while its connector is ${status}, and back when ONLINE`, async () => {
      emulator.controls.setConnectorStatus(0, status);
      const down = await viewWhen(locked, (found) => found.connector.health?.status === status, status);
      assert.equal(down.action, 'retry_later');
      assert.ok(!Number.isNaN(Date.parse(down.connector.health!.reportedAt)));
      const list = (await (await kit.request('GET', '/api/items', { cookie: alice })).json()) as {
        results: ItemView[];
      };
      const fine = list.results.find((found) => found.id === healthy)!;
      assert.deepEqual([fine.connector.health?.status, fine.action], [status, 'none'], 'an UPDATED item');

      emulator.controls.setConnectorStatus(0, 'ONLINE');
      const up = await viewWhen(locked, (found) => found.connector.health?.status === 'ONLINE', 'ONLINE');
      assert.equal(up.action, 'reconnect');
    });
  }
});
