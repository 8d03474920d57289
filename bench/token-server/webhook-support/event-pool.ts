/**
 * Real webhook bodies for webhook-ack.ts, as the emulator sends them: ITEMS new connections (item/created,
 * item/login_succeeded, item/updated) and SYNCS auto-syncs of each (item/updated, then per account
 * transactions/created, /updated and /deleted). A registered `all` webhook delivers them to a capture server;
 * the bodies are kept in delivery order without their eventId (the benchmark gives each request its own).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Emulator } from '@pluggy-kit/emulator';
import { apiKeyOf, connectItem } from '../../../packages/token-server/test/helpers/emulator-driver.js';

export type EventBody = Record<string, unknown> & { event: string };

export interface EventPool {
  itemIds: string[];
  bodies: EventBody[];
}

async function until(probe: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function captureEventPool(emulator: Emulator, items: number, syncs: number): Promise<EventPool> {
  const bodies: EventBody[] = [];
  const capture = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const { eventId: _eventId, ...body } = JSON.parse(raw) as EventBody & { eventId: string };
      bodies.push(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => capture.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(capture.address() as AddressInfo).port}/capture`;
  try {
    await fetch(`${emulator.apiUrl}/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': await apiKeyOf(emulator) },
      body: JSON.stringify({ event: 'all', url }),
    });
    const itemIds: string[] = [];
    for (let index = 0; index < items; index += 1)
      itemIds.push((await connectItem(emulator, { clientUserId: `bench-user-${index}` })).id);
    const updated = () =>
      itemIds.every((id) =>
        emulator.controls.items().some((item) => item.id === id && item.status === 'UPDATED'),
      );
    await until(updated, 30_000, 'the emulator items to finish their first sync');
    for (let round = 0; round < syncs; round += 1)
      for (const itemId of itemIds) emulator.controls.syncItem(itemId);
    // A connection sends created, login_succeeded and updated; a sync item/updated plus three per account.
    let expected = 0;
    for (const itemId of itemIds) {
      const accounts = await fetch(`${emulator.apiUrl}/accounts?itemId=${itemId}`, {
        headers: { 'x-api-key': await apiKeyOf(emulator) },
      });
      const { total } = (await accounts.json()) as { total: number };
      expected += 3 + syncs * (1 + 3 * total);
    }
    await until(() => bodies.length >= expected, 60_000, `the emulator to deliver ${expected} events`);
    if (bodies.length !== expected)
      throw new Error(`captured ${bodies.length} events, expected ${expected}: the pool would be wrong`);
    return { itemIds, bodies };
  } finally {
    capture.closeAllConnections();
    await new Promise((resolve) => capture.close(resolve));
  }
}
