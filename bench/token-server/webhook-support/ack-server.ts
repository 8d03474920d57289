/**
 * Child process of webhook-ack.ts: the token server as production runs it. `createServer` (helmet, pino-http
 * request logs at info level, the router's receiver), its in-process worker with default settings, and the
 * real Pluggy client against the emulator (PLUGGY_API_URL) re-reading items and transactions.
 * To count effects, the store's `inbox.complete` is instrumented: it is called once each time a handler ran to
 * the end, so an eventId completed twice is a duplicated effect. On SIGTERM it drains (createServer.close),
 * writes those counts and the worker's retries to RESULT_FILE, and exits.
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
import { BENCH_SECRET, type AckServerResult } from './ack-protocol.js';

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
const apiUrl = process.env.PLUGGY_API_URL!;
const kit = createServer({
  getUser: () => null,
  pluggy: createPluggyClient({
    clientId: process.env.PLUGGY_CLIENT_ID!,
    clientSecret: process.env.PLUGGY_CLIENT_SECRET!,
    baseUrl: apiUrl,
    logger,
  }),
  store,
  allowedOrigins: ['https://shop.example.com'],
  publicUrl: 'http://127.0.0.1:9',
  webhookSecrets: [BENCH_SECRET],
  logger,
});
await kit.router.ready;
const { url } = await kit.listen(0);
process.stdout.write(`READY ${url}\n`);

process.on('SIGTERM', () => {
  void (async () => {
    await kit.close({ deadlineMs: 30_000 });
    await opened.close();
    const result: AckServerResult = { completions: Object.fromEntries(completions), retries };
    writeFileSync(process.env.RESULT_FILE!, JSON.stringify(result));
    process.exit(0);
  })();
});
