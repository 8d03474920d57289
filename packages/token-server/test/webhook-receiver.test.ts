import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import pg from 'pg';
import request from 'supertest';
import { openStore } from '../src/store/index.js';
import { createWebhookReceiver, WEBHOOK_SECRET_HEADER } from '../src/webhooks/index.js';
import { tokenWebhookPath } from '../src/webhooks/token-webhook-path.js';
import { waitFor } from './helpers/inbox-waits.js';
import { captureLogger } from './helpers/logs.js';
import { backends, type TestStore } from './helpers/stores.js';

const SECRET = 'current-secret-3f9a2c71d0b84e56';
const OLD_SECRET = 'previous-secret-77aa01';

function appFor(
  store: TestStore['store'],
  options: { preParsed?: boolean; scopedDeliveriesPerMinute?: number } = {},
) {
  const { logger, lines } = captureLogger();
  const app = express();
  if (options.preParsed) app.use(express.json());
  const receiver = createWebhookReceiver({
    store,
    secrets: [SECRET, OLD_SECRET],
    logger,
    scopedDeliveriesPerMinute: options.scopedDeliveriesPerMinute,
  });
  app.post('/webhooks', receiver);
  app.post('/webhooks/u/:user/:signature', receiver);
  return { app, lines };
}

/** alice's per-token webhook path (as her connect tokens carry it), signed with the current secret. */
const alicePath = `/webhooks/${tokenWebhookPath(SECRET, 'alice')}`;
/** `text` with its last character changed. */
const tampered = (text: string) => `${text.slice(0, -1)}${text.endsWith('A') ? 'B' : 'A'}`;

const itemEvent = (overrides: Record<string, unknown> = {}) => ({
  event: 'item/updated',
  eventId: randomUUID(),
  itemId: randomUUID(),
  triggeredBy: 'SYNC',
  clientUserId: 'alice',
  ...overrides,
});

for (const backend of backends) {
  describe(`webhook receiver (${backend.name})`, () => {
    let db: TestStore;
    before(async () => {
      db = await backend.open();
    });
    after(async () => {
      await db.cleanup();
    });

    test("accepts the secret in the header and a user's signed path, and commits the row before answering", async () => {
      const { app } = appFor(db.store);
      const viaHeader = itemEvent();
      const viaPath = itemEvent();
      const headerResponse = await request(app)
        .post('/webhooks')
        .set(WEBHOOK_SECRET_HEADER, SECRET)
        .send(viaHeader);
      const pathResponse = await request(app).post(alicePath).send(viaPath);
      assert.equal(headerResponse.status, 200);
      assert.equal(pathResponse.status, 200);
      // The answer came after the commit: a second connection sees the rows at once.
      const reader = await openStore(db.options);
      try {
        for (const sent of [viaHeader, viaPath]) {
          const row = await reader.inbox.get(sent.eventId);
          assert.equal(row?.status, 'pending');
          assert.equal(row?.event, 'item/updated');
          assert.equal(row?.itemId, sent.itemId);
          assert.deepEqual(row?.payload, sent);
        }
        // The signed path scopes its event to that user's items (the worker checks); the header does not.
        assert.equal((await reader.inbox.get(viaHeader.eventId))?.scopeUserId, null);
        assert.equal((await reader.inbox.get(viaPath.eventId))?.scopeUserId, 'alice');
      } finally {
        await reader.close();
      }
    });

    test("the signed path holds no secret, and a path signed for one user does not authenticate another's", async () => {
      const { app } = appFor(db.store);
      assert.ok(!alicePath.includes(SECRET));
      const [, , , aliceSegment, aliceSignature] = alicePath.split('/');
      const bobSegment = Buffer.from('bob').toString('base64url');
      const unicode = `/webhooks/${tokenWebhookPath(SECRET, 'usuário-ç/1')}`;
      assert.equal((await request(app).post(unicode).send(itemEvent())).status, 200);
      const attempts = [
        `/webhooks/u/${bobSegment}/${aliceSignature}`,
        `/webhooks/u/${aliceSegment}/${tampered(aliceSignature!)}`,
        `/webhooks/u/${aliceSegment}/`,
        `/webhooks/u/${aliceSegment}=/${aliceSignature}`,
        `/webhooks/u/${'A'.repeat(600)}/${aliceSignature}`,
        // The webhook secret itself in the path (the old per-token form) is no longer a credential.
        `/webhooks/${SECRET}`,
        `/webhooks/u/${aliceSegment}/${SECRET}`,
      ];
      for (const path of attempts) {
        const body = itemEvent();
        const response = await request(app).post(path).send(body);
        assert.ok([401, 404].includes(response.status), `${path}: ${response.status}`);
        assert.equal(await db.store.inbox.get(body.eventId), undefined, path);
      }
    });

    test("over the per-user cap, a user's signed path answers 429 with Retry-After; others are unaffected", async () => {
      const { app } = appFor(db.store, { scopedDeliveriesPerMinute: 3 });
      // Wrong signatures on alice's path do not count against her: only authentic deliveries do.
      for (let n = 0; n < 5; n += 1)
        assert.equal((await request(app).post(tampered(alicePath)).send(itemEvent())).status, 401);
      for (let n = 0; n < 3; n += 1)
        assert.equal((await request(app).post(alicePath).send(itemEvent())).status, 200);
      const refused = itemEvent();
      const limited = await request(app).post(alicePath).send(refused);
      assert.equal(limited.status, 429);
      assert.equal(limited.body.code, 'RATE_LIMITED');
      assert.ok(Number(limited.headers['retry-after']) >= 1);
      assert.equal(await db.store.inbox.get(refused.eventId), undefined);
      const bobPath = `/webhooks/${tokenWebhookPath(SECRET, 'bob')}`;
      assert.equal((await request(app).post(bobPath).send(itemEvent())).status, 200);
      const header = await request(app)
        .post('/webhooks')
        .set(WEBHOOK_SECRET_HEADER, SECRET)
        .send(itemEvent());
      assert.equal(header.status, 200);
    });

    test('case 11: missing, wrong, off-by-one-character and different-length secrets get 401 and no row', async () => {
      const { app, lines } = appFor(db.store);
      const attempts = [
        request(app).post('/webhooks'),
        request(app).post('/webhooks').set(WEBHOOK_SECRET_HEADER, ''),
        request(app).post('/webhooks').set(WEBHOOK_SECRET_HEADER, 'wrong'),
        request(app)
          .post('/webhooks')
          .set(WEBHOOK_SECRET_HEADER, `${SECRET.slice(0, -1)}0`),
        request(app).post('/webhooks').set(WEBHOOK_SECRET_HEADER, `${SECRET}x`),
        request(app).post('/webhooks').set(WEBHOOK_SECRET_HEADER, SECRET.slice(0, -1)),
        request(app).post(tampered(alicePath)),
        request(app).post(`${alicePath}${alicePath.split('/').at(-1)!}`),
        // A right header does not rescue a wrong path signature: the path wins when present.
        request(app).post('/webhooks/u/YWxpY2U/nope').set(WEBHOOK_SECRET_HEADER, SECRET),
      ];
      const sent: string[] = [];
      for (const attempt of attempts) {
        const body = itemEvent();
        sent.push(body.eventId);
        const response = await attempt.send(body);
        assert.equal(response.status, 401);
        assert.equal(response.body.code, 'WEBHOOK_UNAUTHORIZED');
      }
      for (const eventId of sent) assert.equal(await db.store.inbox.get(eventId), undefined);
      assert.ok(lines.some((line) => line.msg === 'webhook rejected: missing or wrong secret'));
      assert.ok(!JSON.stringify(lines).includes(SECRET), 'the secret is never logged');
    });

    test('case 12: during a rotation the old and the new secret are both accepted', async () => {
      const { app } = appFor(db.store);
      const withOld = itemEvent();
      const withNew = itemEvent();
      assert.equal(
        (await request(app).post('/webhooks').set(WEBHOOK_SECRET_HEADER, OLD_SECRET).send(withOld)).status,
        200,
      );
      const withOldPath = itemEvent();
      assert.equal((await request(app).post(alicePath).send(withNew)).status, 200);
      const oldPath = `/webhooks/${tokenWebhookPath(OLD_SECRET, 'alice')}`;
      assert.equal((await request(app).post(oldPath).send(withOldPath)).status, 200);
      assert.ok(await db.store.inbox.get(withOld.eventId));
      assert.ok(await db.store.inbox.get(withNew.eventId));
      assert.equal((await db.store.inbox.get(withOldPath.eventId))?.scopeUserId, 'alice');
    });

    test('case 13: unparseable body or missing eventId/event -> 400; unknown event type -> 2xx, ignored', async () => {
      const { app } = appFor(db.store);
      const post = () => request(app).post('/webhooks').set(WEBHOOK_SECRET_HEADER, SECRET);
      const broken = await post()
        .set('Content-Type', 'application/json')
        .send('{"event": "item/updated", "eventId": ');
      assert.deepEqual([broken.status, broken.body.code], [400, 'INVALID_JSON']);
      const noEventId = await post().send({ event: 'item/updated', itemId: 'x' });
      assert.deepEqual([noEventId.status, noEventId.body.code], [400, 'INVALID_WEBHOOK']);
      const noEvent = await post().send({ eventId: randomUUID(), itemId: 'x' });
      assert.equal(noEvent.status, 400);
      const notAnObject = await post().send([1, 2, 3]);
      assert.equal(notAnObject.status, 400);
      for (const bad of [
        itemEvent({ eventId: 'bad\u0000id' }),
        itemEvent({ itemId: 'item\nid' }),
        itemEvent({ event: 'item/up\u0000dated' }),
      ]) {
        const refused = await post().send(bad);
        assert.deepEqual([refused.status, refused.body.code], [400, 'INVALID_WEBHOOK'], JSON.stringify(bad));
      }
      const itemEventWithoutItem = { event: 'item/updated', eventId: randomUUID() };
      assert.equal((await post().send(itemEventWithoutItem)).status, 400);
      assert.equal(await db.store.inbox.get(itemEventWithoutItem.eventId), undefined);

      const unknown = { event: 'payment_intent/completed', eventId: randomUUID(), paymentIntentId: 'p1' };
      const unknownResponse = await post().send(unknown);
      assert.equal(unknownResponse.status, 200);
      assert.equal(unknownResponse.body.ignored, true);
      assert.equal(await db.store.inbox.get(unknown.eventId), undefined);
    });

    test('a body over 100 KB is refused with 413 and no row', async () => {
      const { app } = appFor(db.store);
      const big = itemEvent({ padding: 'x'.repeat(110 * 1024) });
      const response = await request(app).post('/webhooks').set(WEBHOOK_SECRET_HEADER, SECRET).send(big);
      assert.equal(response.status, 413);
      assert.equal(await db.store.inbox.get(big.eventId), undefined);
    });

    test('works behind a host app that already parsed JSON', async () => {
      const { app } = appFor(db.store, { preParsed: true });
      const body = itemEvent();
      assert.equal(
        (await request(app).post('/webhooks').set(WEBHOOK_SECRET_HEADER, SECRET).send(body)).status,
        200,
      );
      assert.deepEqual((await db.store.inbox.get(body.eventId))?.payload, body);
    });

    test('case 14: the same event twice, and ten times concurrently -> all 2xx, one row', async () => {
      const { app } = appFor(db.store);
      const body = itemEvent();
      const first = await request(app).post('/webhooks').set(WEBHOOK_SECRET_HEADER, SECRET).send(body);
      const second = await request(app).post('/webhooks').set(WEBHOOK_SECRET_HEADER, SECRET).send(body);
      assert.deepEqual(
        [first.status, first.body.duplicate, second.status, second.body.duplicate],
        [200, false, 200, true],
      );

      const concurrent = itemEvent();
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => request(app).post(alicePath).send(concurrent)),
      );
      assert.ok(responses.every((response) => response.status === 200));
      assert.equal(responses.filter((response) => response.body.duplicate === false).length, 1);
      const rows = (await db.store.inbox.list('pending', 10_000)).filter(
        (row) => row.eventId === concurrent.eventId,
      );
      assert.equal(rows.length, 1);
    });

    test('under load, deliveries share commits, and each is answered only once its row is committed', async () => {
      const commits: number[] = [];
      const insertEach = db.store.inbox.insertEach.bind(db.store.inbox);
      const counted = {
        ...db.store,
        inbox: Object.assign(Object.create(db.store.inbox) as typeof db.store.inbox, {
          insertEach: async (events: Parameters<typeof insertEach>[0]) => {
            commits.push(events.length);
            return insertEach(events);
          },
        }),
      };
      const { app } = appFor(counted);
      const bodies = Array.from({ length: 40 }, () => itemEvent());
      const responses = await Promise.all(
        bodies.map(async (body) => {
          const response = await request(app).post('/webhooks').set(WEBHOOK_SECRET_HEADER, SECRET).send(body);
          // Answered 2xx: the row must be readable now.
          const row = await db.store.inbox.get(body.eventId);
          return { status: response.status, stored: row !== undefined };
        }),
      );
      assert.ok(responses.every((response) => response.status === 200 && response.stored));
      assert.equal(
        commits.reduce((sum, size) => sum + size, 0),
        40,
      );
      assert.ok(commits.length < 40, `40 deliveries in ${commits.length} commits`);
    });

    test('a failed group commit answers 503 to every delivery in it', async () => {
      const failing = {
        ...db.store,
        inbox: Object.assign(Object.create(db.store.inbox) as typeof db.store.inbox, {
          insertEach: async () => {
            throw new Error('disk full');
          },
        }),
      };
      const { app } = appFor(failing);
      const bodies = Array.from({ length: 5 }, () => itemEvent());
      const responses = await Promise.all(
        bodies.map((body) => request(app).post('/webhooks').set(WEBHOOK_SECRET_HEADER, SECRET).send(body)),
      );
      assert.deepEqual(
        responses.map((response) => response.status),
        [503, 503, 503, 503, 503],
      );
      for (const body of bodies) assert.equal(await db.store.inbox.get(body.eventId), undefined);
    });

    test('case 17: the store being down answers 503 (never 2xx) and nothing is acknowledged', async () => {
      const down = await backend.open();
      const { app, lines } = appFor(down.store);
      await down.store.close();
      const body = itemEvent();
      const response = await request(app).post('/webhooks').set(WEBHOOK_SECRET_HEADER, SECRET).send(body);
      assert.equal(response.status, 503);
      assert.equal(response.body.code, 'STORE_UNAVAILABLE');
      assert.equal(response.headers['retry-after'], '5');
      assert.ok(lines.some((line) => line.msg === 'webhook not stored: store unavailable'));
      await down.cleanup();
    });
  });
}

describe('webhook receiver (postgres server refusing connections)', () => {
  test('case 17: a database that stops accepting connections answers 503', async () => {
    const postgres = backends.find((backend) => backend.name === 'postgres')!;
    const db = await postgres.open();
    const { app } = appFor(db.store);
    const name = new URL(db.options.databaseUrl!).pathname.slice(1);
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`alter database ${name} allow_connections false`);
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
      await waitFor(
        async () =>
          (await admin.query('select 1 from pg_stat_activity where datname = $1', [name])).rowCount === 0,
        5000,
        "the store's connections to be gone",
      );
      const body = itemEvent();
      const response = await request(app).post('/webhooks').set(WEBHOOK_SECRET_HEADER, SECRET).send(body);
      assert.equal(response.status, 503);

      await admin.query(`alter database ${name} allow_connections true`);
      await waitFor(
        () =>
          db.store.ping().then(
            () => true,
            () => false,
          ),
        5000,
        'the store to reconnect',
      );
      const retried = await request(app).post('/webhooks').set(WEBHOOK_SECRET_HEADER, SECRET).send(body);
      assert.equal(retried.status, 200, 'the redelivery is accepted once the database is back');
      assert.equal((await db.store.inbox.get(body.eventId))?.status, 'pending');
    } finally {
      await admin.end();
      await db.cleanup();
    }
  });
});
