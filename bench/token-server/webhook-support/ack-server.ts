/**
 * Child process of webhook-ack.ts, in one of three roles (ROLE):
 * - `server` (the CLI's layout): `createServer` (helmet, pino-http request logs at info level, the router's
 *   receiver) with its in-process worker at default settings;
 * - `receiver`: the same `createServer` with `worker: false`;
 * - `worker`: `startWorker` alone on the same store (another process, as when scaling out).
 * The worker uses the real Pluggy client against the emulator (PLUGGY_API_URL). To count effects, the store's
 * `inbox.complete` is instrumented: it is called once each time a handler ran to the end, so an eventId
 * completed twice is a duplicated effect. Prints `READY <url>` (`READY -` for the worker); on SIGTERM it
 * drains, writes those counts and the retries to RESULT_FILE, and exits.
 */
import { writeFileSync } from 'node:fs';
import pino from 'pino';
import { createLogger } from '../../../packages/token-server/src/logger.js';
import { createPluggyClient } from '../../../packages/token-server/src/pluggy/pluggy-client.js';
import { createServer } from '../../../packages/token-server/src/server.js';
import {
  openStore,
  type OpenStoreOptions,
  type Store,
} from '../../../packages/token-server/src/store/index.js';
import { startWorker } from '../../../packages/token-server/src/webhooks/index.js';
import { BENCH_SECRET, type AckRole, type AckServerResult } from './ack-protocol.js';

const role = process.env.ROLE as AckRole;
const storeOptions = JSON.parse(process.env.STORE_OPTIONS!) as OpenStoreOptions;
const completions = new Map<string, number>();
let retries = 0;

const opened = await openStore(storeOptions);
const store: Store = {
  ...opened,
  inbox: {
    ...opened.inbox,
    complete(eventId, owner, outcome, now) {
      completions.set(eventId, (completions.get(eventId) ?? 0) + 1);
      return opened.inbox.complete(eventId, owner, outcome, now);
    },
    retry(eventId, owner, error, retryAt) {
      retries += 1;
      return opened.inbox.retry(eventId, owner, error, retryAt);
    },
  },
};

// Production log volume (info, one line per request and per processed event), written where it costs no I/O.
const logger = createLogger({ level: 'info', destination: pino.destination({ dest: '/dev/null' }) });
const pluggy = createPluggyClient({
  clientId: process.env.PLUGGY_CLIENT_ID!,
  clientSecret: process.env.PLUGGY_CLIENT_SECRET!,
  baseUrl: process.env.PLUGGY_API_URL!,
  logger,
});

let drain: () => Promise<void>;
if (role === 'worker') {
  const worker = startWorker({ store, pluggy, logger });
  drain = () => worker.stop();
  process.stdout.write('READY -\n');
} else {
  const kit = createServer({
    getUser: () => null,
    pluggy,
    store,
    allowedOrigins: ['https://shop.example.com'],
    publicUrl: 'http://127.0.0.1:9',
    webhookSecrets: [BENCH_SECRET],
    logger,
    worker: role === 'server',
  });
  await kit.router.ready;
  const { url } = await kit.listen(0);
  drain = () => kit.close({ deadlineMs: 30_000 });
  process.stdout.write(`READY ${url}\n`);
}

process.on('SIGTERM', () => {
  void (async () => {
    await drain();
    await opened.close();
    const result: AckServerResult = { completions: Object.fromEntries(completions), retries };
    writeFileSync(process.env.RESULT_FILE!, JSON.stringify(result));
    process.exit(0);
  })();
});
