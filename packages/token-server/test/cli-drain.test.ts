/**
 * SIGTERM while webhooks keep arriving: every delivery that lands during the drain (after the signal,
 * before exit) is either answered 2xx with its inbox row committed (and processed later), or refused
 * (503, or the connection refused once the port is closed), never 2xx without a row. Readiness turns 503
 * before anything is refused, and the process exits before its shutdown deadline.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type Emulator } from '@pluggy-kit/emulator';
import { openStore } from '../src/store/index.js';
import { WEBHOOK_SECRET_HEADER } from '../src/webhooks/index.js';
import { serveCli } from './helpers/cli-process.js';
import { waitFor } from './helpers/inbox-waits.js';

const WEBHOOK_SECRET = 'cli-drain-webhook-secret-0123456789';
const GRACE_MS = 800;
/** The CLI's shutdown deadline (src/cli/serve.ts). */
const SHUTDOWN_DEADLINE_MS = 10_000;

type Answer = { at: number; status: number } | { at: number; error: string };

/**
 * One request on a fresh connection (no keep-alive pool), so "arrives during the drain" means a new
 * connection, as a Pluggy delivery is. `bodyDelayMs` holds the body back: the request is in flight meanwhile.
 */
function send(
  url: string,
  options: { method: string; body?: string; headers?: Record<string, string>; bodyDelayMs?: number },
): Promise<Answer> {
  return new Promise((resolve) => {
    const req = request(url, { method: options.method, agent: false, headers: options.headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ at: Date.now(), status: res.statusCode ?? 0 }));
    });
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ at: Date.now(), error: error.code ?? error.message }),
    );
    if (!options.body) return void req.end();
    if (!options.bodyDelayMs) return void req.end(options.body);
    const half = Math.floor(options.body.length / 2);
    req.write(options.body.slice(0, half));
    setTimeout(() => req.end(options.body!.slice(half)), options.bodyDelayMs);
  });
}

function webhook(baseUrl: string, eventId: string, bodyDelayMs?: number): Promise<Answer> {
  const body = JSON.stringify({
    event: 'connector/status_updated',
    eventId,
    connectorId: 0,
    data: { status: 'ONLINE' },
  });
  return send(`${baseUrl}/api/webhooks`, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      [WEBHOOK_SECRET_HEADER]: WEBHOOK_SECRET,
    },
    ...(bodyDelayMs ? { bodyDelayMs } : {}),
  });
}

const isRefusal = (answer: Answer) => 'error' in answer || answer.status === 503;

describe('pluggy-kit-server SIGTERM with webhooks arriving during the drain', () => {
  let emulator: Emulator;
  let dir: string;
  let env: Record<string, string>;

  before(async () => {
    emulator = await startEmulator({ stepDelayMs: 1 });
    dir = mkdtempSync(join(tmpdir(), 'kit-cli-drain-'));
    env = {
      PLUGGY_CLIENT_ID: emulator.clientId,
      PLUGGY_CLIENT_SECRET: emulator.clientSecret,
      PLUGGY_API_URL: emulator.apiUrl,
      DATABASE_PATH: join(dir, 'kit.sqlite'),
      WEBHOOK_SECRET,
      SESSION_SECRET: 'cli-drain-session-secret-0123',
      PUBLIC_URL: 'http://127.0.0.1:9',
      ALLOWED_ORIGINS: 'https://shop.example.com',
      PORT: '0',
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
    };
  });
  after(async () => {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 2xx only with a committed row, refuses the rest, turns unready first and exits in time', async (t) => {
    const server = await serveCli(env);
    const webhooks = new Map<string, Promise<Answer>>();
    const readiness: Answer[] = [];
    let signalled: number;
    let exitedAt = 0;
    try {
      assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
      const exited = server.exited.then((code) => {
        exitedAt = Date.now();
        return code;
      });

      signalled = Date.now();
      server.child.kill('SIGTERM');
      // In flight across the moment the port closes: headers now, the rest of the body after the grace. The
      // drain waits for it, so the deliveries sent meanwhile meet a closed port while the process still runs.
      webhooks.set('drain-in-flight', webhook(server.url, 'drain-in-flight', GRACE_MS + 300));
      // Until the process is gone: a new delivery every 25 ms, and the readiness probe every 25 ms.
      for (let n = 0; exitedAt === 0 && Date.now() - signalled < SHUTDOWN_DEADLINE_MS + 5_000; n += 1) {
        webhooks.set(`drain-${n}`, webhook(server.url, `drain-${n}`));
        readiness.push(await send(`${server.url}/readyz`, { method: 'GET' }));
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      assert.equal(await exited, 0, server.output());
    } finally {
      server.child.kill('SIGKILL');
    }

    const answers = new Map<string, Answer>();
    for (const [eventId, answer] of webhooks) answers.set(eventId, await answer);
    const accepted = [...answers].filter(([, answer]) => 'status' in answer && answer.status === 200);
    const refused = [...answers].filter(([, answer]) => isRefusal(answer));
    assert.equal(accepted.length + refused.length, answers.size, 'every answer is 200, 503 or no connection');
    assert.ok(accepted.length > 0, 'deliveries during the readiness grace are accepted');
    assert.ok(refused.length > 0, 'deliveries after the port closed are refused');
    assert.deepEqual(
      answers.get('drain-in-flight'),
      { at: answers.get('drain-in-flight')!.at, status: 200 },
      'the delivery in flight when the port closed is finished and accepted',
    );

    const firstUnready = readiness.find((answer) => 'status' in answer && answer.status === 503);
    assert.ok(firstUnready, '/readyz answered 503 while draining');
    const firstRefusal = Math.min(...refused.map(([, answer]) => answer.at));
    assert.ok(firstUnready.at < firstRefusal, 'readiness turned 503 before any delivery was refused');
    assert.ok(
      accepted.some(([, answer]) => answer.at > firstUnready.at),
      'deliveries are still accepted while readiness says 503 (the load balancer is moving away)',
    );
    assert.ok(exitedAt - signalled < SHUTDOWN_DEADLINE_MS, `exited ${exitedAt - signalled} ms after SIGTERM`);
    t.diagnostic(
      `${accepted.length} accepted, ${refused.length} refused; unready after ${firstUnready.at - signalled} ms, ` +
        `first refusal after ${firstRefusal - signalled} ms, exit after ${exitedAt - signalled} ms`,
    );

    const store = await openStore({ sqliteFile: env.DATABASE_PATH! });
    try {
      for (const [eventId] of accepted)
        assert.ok(await store.inbox.get(eventId), `accepted ${eventId} has its committed row`);
    } finally {
      await store.close();
    }

    // Processed later: a restarted server's worker finishes every accepted event.
    const restarted = await serveCli(env);
    const reader = await openStore({ sqliteFile: env.DATABASE_PATH! });
    try {
      await waitFor(
        async () => {
          for (const [eventId] of accepted)
            if ((await reader.inbox.get(eventId))?.status !== 'done') return false;
          return true;
        },
        15_000,
        'the restarted worker to process every accepted delivery',
      );
    } finally {
      await reader.close();
      restarted.child.kill('SIGTERM');
      await restarted.exited;
    }
  });
});
