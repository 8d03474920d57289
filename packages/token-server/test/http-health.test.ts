import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type Emulator } from '@pluggy-kit/emulator';
import { startKit } from './helpers/kit-server.js';
import { backends } from './helpers/stores.js';

describe('health and readiness', () => {
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator({ stepDelayMs: 1 });
  });
  after(() => emulator.stop());

  it('keeps /healthz 200 while the database is down, and /readyz answers 503 until it is back', async () => {
    const postgres = backends.find((backend) => backend.name === 'postgres')!;
    const database = await postgres.create();
    const kit = await startKit(emulator, { store: database.options });
    try {
      assert.equal((await fetch(`${kit.url}/readyz`)).status, 200);
      await database.cleanup(); // drops the database, ending every connection to it
      const ready = await fetch(`${kit.url}/readyz`);
      assert.equal(ready.status, 503);
      assert.deepEqual(await ready.json(), { ready: false, draining: false });
      assert.equal((await fetch(`${kit.url}/healthz`)).status, 200);
      const alice = await kit.signIn('alice');
      const items = await kit.request('GET', '/api/items', { cookie: alice });
      assert.equal(items.status, 503);
      assert.equal(((await items.json()) as { code: string }).code, 'STORE_UNAVAILABLE');
    } finally {
      await kit.stop();
    }
  });
});
