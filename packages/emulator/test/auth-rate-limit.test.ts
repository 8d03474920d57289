import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type Emulator } from '../src/index.js';
import { rawCallFrom } from './sdk-helpers.js';

describe('POST /auth rate limit (360 per minute per source IP)', () => {
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator();
  });
  after(() => emulator.stop());

  const auth = () =>
    fetch(`${emulator.apiUrl}/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: emulator.clientId, clientSecret: emulator.clientSecret }),
    });

  it('answers the 361st call in a minute with 429 and Retry-After 60, until the window passes', async () => {
    for (let batch = 0; batch < 6; batch += 1) {
      const statuses = await Promise.all(Array.from({ length: 60 }, async () => (await auth()).status));
      assert.deepEqual(new Set(statuses), new Set([200]));
    }
    const limited = await auth();
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '60');
    assert.deepEqual(await limited.json(), {
      code: 429,
      message: 'Too many requests. Please try again later (see Retry-After header in seconds)',
    });
    // The window belongs to the source IP: another address is still served.
    const body = { clientId: emulator.clientId, clientSecret: emulator.clientSecret };
    assert.equal((await rawCallFrom('127.0.0.2', emulator.apiUrl, 'POST', '/auth', { body })).status, 200);
    emulator.clock.advance(60_000);
    assert.equal((await auth()).status, 200);
  });

  it('is cleared by the reset control', async () => {
    for (let n = 0; n < 361; n += 1) await auth();
    assert.equal((await auth()).status, 429);
    emulator.controls.reset();
    assert.equal((await auth()).status, 200);
  });
});
