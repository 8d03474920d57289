/** createServer's request log: one line per request, and one per webhook delivery (the receiver's own). */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type Emulator } from '@pluggy-kit/emulator';
import { WEBHOOK_SECRET_HEADER } from '../src/webhooks/index.js';
import { tokenWebhookPath } from '../src/webhooks/token-webhook-path.js';
import { startKit, WEBHOOK_SECRET, type TestKit } from './helpers/kit-server.js';
import { waitFor } from './helpers/inbox-waits.js';

describe('request logs of createServer', () => {
  let emulator: Emulator;
  let kit: TestKit;
  before(async () => {
    emulator = await startEmulator({ stepDelayMs: 1 });
    kit = await startKit(emulator, { worker: false });
  });
  after(async () => {
    await kit.stop();
    await emulator.stop();
  });

  const deliver = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${kit.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  const linesAbout = (text: string) => kit.logs.filter((line) => JSON.stringify(line).includes(text));

  it('an accepted delivery gets one line, with its eventId, and no request line', async () => {
    const eventId = randomUUID();
    const body = JSON.stringify({ event: 'item/updated', eventId, itemId: randomUUID() });
    const signedPath = `/api/webhooks/${tokenWebhookPath(WEBHOOK_SECRET, 'alice')}`;
    const response = await deliver(signedPath, body);
    assert.equal(response.status, 200);
    const lines = await waitFor(async () => linesAbout(eventId).length > 0 && linesAbout(eventId));
    assert.deepEqual(
      lines.map((line) => line.msg),
      ['webhook accepted'],
    );
    assert.equal(
      kit.logs.filter((line) => line.msg === 'request completed' && JSON.stringify(line).includes('webhooks'))
        .length,
      0,
    );
    assert.ok(!JSON.stringify(kit.logs).includes(WEBHOOK_SECRET), 'the secret is never logged');
    assert.ok(
      !JSON.stringify(kit.logs).includes(signedPath.split('/').at(-1)!),
      'the path signature is never logged',
    );
  });

  it('a refused delivery is logged once, with its status and code', async () => {
    const before = kit.logs.length;
    const response = await deliver('/api/webhooks', '{"eventId": ', {
      [WEBHOOK_SECRET_HEADER]: WEBHOOK_SECRET,
    });
    assert.equal(response.status, 400);
    const lines = await waitFor(async () => kit.logs.length > before && kit.logs.slice(before));
    assert.deepEqual(
      lines.map((line) => [line.msg, line.status, line.code]),
      [['webhook refused: Webhook body is not valid JSON.', 400, 'INVALID_JSON']],
    );
  });

  it('other requests keep their request line', async () => {
    const response = await kit.request('GET', '/api/items');
    assert.equal(response.status, 401);
    await waitFor(async () =>
      kit.logs.some(
        (line) =>
          line.msg === 'request completed' &&
          (line.req as { url?: string } | undefined)?.url === '/api/items',
      ),
    );
  });
});
