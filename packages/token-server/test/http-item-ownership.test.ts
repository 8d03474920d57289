import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type Emulator } from '@pluggy-kit/emulator';
import type { InboxEvent } from '../src/store/index.js';
import { connectItem, registerWebhook } from './helpers/emulator-driver.js';
import { waitFor } from './helpers/inbox-waits.js';
import { startKit, WEBHOOK_SECRET, type TestKit } from './helpers/kit-server.js';

interface ItemList {
  results: { id: string; status: string }[];
}

describe('which items webhooks may adopt: only those of users this server minted tokens for', () => {
  let emulator: Emulator;
  let kit: TestKit;
  let alice: string;
  let bob: string;

  before(async () => {
    emulator = await startEmulator({ stepDelayMs: 1 });
    kit = await startKit(emulator);
    [alice, bob] = [await kit.signIn('alice'), await kit.signIn('bob')];
    await registerWebhook(emulator, `${kit.url}/api/webhooks`, { 'x-pluggy-kit-secret': WEBHOOK_SECRET });
  });
  after(async () => {
    await kit.stop();
    await emulator.stop();
  });

  const listOf = async (cookie: string) =>
    ((await (await kit.request('GET', '/api/items', { cookie })).json()) as ItemList).results;
  /** The item's finished inbox events, once every one Pluggy delivered (and `events`) is finished. */
  const finishedEvents = (itemId: string, events: string[]) =>
    waitFor(
      async () => {
        const delivered = emulator.controls.webhookDeliveries().filter((d) => d.body.itemId === itemId);
        const done = (await kit.kit.router.store!.inbox.list('done', 10_000)).filter(
          (row) => row.itemId === itemId,
        );
        const allDone = delivered.every((d) => done.some((row: InboxEvent) => row.eventId === d.eventId));
        return allDone && events.every((event) => done.some((row) => row.event === event)) && done;
      },
      10_000,
      `the events of ${itemId} to be handled`,
    );

  it("adopts an item made with this server's token from its webhooks, before the browser reports it", async () => {
    const { id } = await kit.connect(alice);
    // No POST /items: Pluggy's webhooks alone make the item alice's and sync its data.
    const listed = await waitFor(
      async () => (await listOf(alice)).find((item) => item.id === id && item.status === 'UPDATED'),
      10_000,
      'the item in alice list',
    );
    assert.equal(listed.id, id);
    const accounts = await waitFor(async () => {
      const response = await kit.request('GET', `/api/items/${id}/accounts`, { cookie: alice });
      const { results } = (await response.json()) as { results: unknown[] };
      return results.length > 0 && results;
    });
    assert.ok(accounts.length >= 2);
    assert.deepEqual(await listOf(bob), []);
  });

  it('ignores an item made with a token minted elsewhere for a local user id: nobody ever sees it', async () => {
    // Another app on the same Pluggy credentials (or a script) mints a token for "bob", who never got one here.
    const foreign = await connectItem(emulator, { clientUserId: 'bob' });
    const before = await finishedEvents(foreign.id, ['item/created', 'item/updated']);
    emulator.controls.syncItem(foreign.id);
    const rows = await finishedEvents(foreign.id, ['transactions/created', 'transactions/deleted']);
    assert.ok(rows.length > before.length);
    for (const row of rows)
      assert.match(row.outcome ?? '', /^ignored: item not (ours|recorded)( \(with [\w-]+\))?$/, row.event);
    assert.ok(
      kit.logs.some((line) => line.itemId === foreign.id && /never minted/.test(String(line.msg))),
      'the ignored event is logged',
    );

    assert.equal(await kit.kit.router.store!.items.ownerOf(foreign.id), undefined);
    for (const cookie of [alice, bob])
      assert.ok(!(await listOf(cookie)).some((item) => item.id === foreign.id));
    assert.equal((await kit.request('GET', `/api/items/${foreign.id}`, { cookie: bob })).status, 404);
    // Nor can bob claim it: Pluggy names bob, but this server never minted a token for bob.
    const claimed = await kit.request('POST', '/api/items', { cookie: bob, body: { itemId: foreign.id } });
    assert.equal(claimed.status, 404);
    assert.deepEqual(await listOf(bob), []);
  });
});
