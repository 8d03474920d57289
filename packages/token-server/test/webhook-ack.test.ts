import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import request from 'supertest';
import { createWebhookReceiver, startWorker, WEBHOOK_SECRET_HEADER } from '../src/webhooks/index.js';
import { FakePluggy } from './helpers/fake-pluggy.js';
import { waitForFinished } from './helpers/inbox-waits.js';
import { captureLogger } from './helpers/logs.js';
import { makeItem } from './helpers/pluggy-fixtures.js';
import { backends, type TestStore } from './helpers/stores.js';

for (const backend of backends) {
  describe(`acknowledgement while the worker is slow (${backend.name})`, () => {
    let db: TestStore;
    before(async () => {
      db = await backend.open();
    });
    after(async () => {
      await db.cleanup();
    });

    test('case 18: slow processing downstream does not delay the 2xx', async () => {
      const pluggy = new FakePluggy();
      pluggy.delay('fetchItem', 1500);
      const { logger } = captureLogger();
      const worker = startWorker({ store: db.store, pluggy, logger, pollIntervalMs: 10, concurrency: 2 });
      const app = express();
      app.post('/webhooks', createWebhookReceiver({ store: db.store, secrets: ['s'], logger }));
      const eventIds: string[] = [];
      try {
        const started = Date.now();
        for (let index = 0; index < 12; index++) {
          const item = makeItem({ clientUserId: 'alice' });
          pluggy.items.set(item.id, item);
          const eventId = randomUUID();
          eventIds.push(eventId);
          const sentAt = Date.now();
          const response = await request(app)
            .post('/webhooks')
            .set(WEBHOOK_SECRET_HEADER, 's')
            .send({ event: 'item/updated', eventId, itemId: item.id });
          assert.equal(response.status, 200);
          // Generous bound for a loaded 2-core machine; the handler alone takes 1500 ms.
          assert.ok(Date.now() - sentAt < 500, `acknowledged in ${Date.now() - sentAt} ms`);
        }
        assert.ok(Date.now() - started < 1500, 'all 12 acknowledged before the first handler finished');
        const statuses = await Promise.all(
          eventIds.map(async (id) => (await db.store.inbox.get(id))?.status),
        );
        assert.ok(statuses.includes('processing') || statuses.includes('pending'));
      } finally {
        await worker.stop();
      }
      await waitForFinished(db.store, eventIds[0]!);
    });
  });
}
