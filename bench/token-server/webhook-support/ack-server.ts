/**
 * Child process of webhook-ack.ts: the webhook receiver and worker on one store, with ITEMS items holding
 * TX_COUNT transactions in all (transaction n belongs to item n % ITEMS). Each benchmark event is a `transactions/deleted` of one transaction (a real store
 * write, and no Pluggy call), and the worker's hook counts how often each transaction was deleted.
 * On SIGTERM it stops the worker and writes those counts to RESULT_FILE.
 */
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import type { Item, PluggyApi, Transaction } from '../../../packages/token-server/src/pluggy/pluggy-api.js';
import { openStore, type OpenStoreOptions } from '../../../packages/token-server/src/store/index.js';
import { createWebhookReceiver, startWorker } from '../../../packages/token-server/src/webhooks/index.js';

const storeOptions = JSON.parse(process.env.STORE_OPTIONS!) as OpenStoreOptions;
const transactionCount = Number(process.env.TX_COUNT);
const ITEMS = Number(process.env.ITEMS);
const at = '2026-01-01T00:00:00.000Z';

const store = await openStore(storeOptions);
// Events are spread over ITEMS items (one user each), as traffic from many users would be.
for (let itemIndex = 0; itemIndex < ITEMS; itemIndex++) {
  const item = {
    id: `bench-item-${itemIndex}`,
    connector: { id: 0, name: 'Pluggy Bank' },
    status: 'UPDATED',
    executionStatus: 'SUCCESS',
    statusDetail: null,
    error: null,
    createdAt: at,
    updatedAt: at,
    lastUpdatedAt: at,
    nextAutoSyncAt: null,
    clientUserId: `bench-user-${itemIndex}`,
  } as unknown as Item;
  await store.items.recordOwnership(`bench-user-${itemIndex}`, item);
  const transactions = [];
  for (let index = itemIndex; index < transactionCount; index += ITEMS) {
    transactions.push({
      id: `tx-${index}`,
      accountId: `bench-account-${itemIndex}`,
      date: at,
      description: `Transaction ${index}`,
      amount: -1,
      currencyCode: 'BRL',
      type: 'DEBIT',
      balance: 0,
      createdAt: at,
      updatedAt: at,
    });
  }
  await store.transactions.upsertForItem(item.id, transactions as unknown as Transaction[]);
}

const deletions = new Map<string, number>();
const noPluggyCalls = new Proxy({} as PluggyApi, {
  get: (_target, method) => () =>
    Promise.reject(new Error(`transactions/deleted makes no Pluggy call (${String(method)})`)),
});
const logger = pino({ level: 'silent' });
const worker = startWorker({
  store,
  pluggy: noPluggyCalls,
  logger,
  pollIntervalMs: 50,
  hooks: {
    onTransactionsChanged: ({ deleted }) => {
      for (const id of deleted) deletions.set(id, (deletions.get(id) ?? 0) + 1);
    },
  },
});
const app = express();
app.post('/webhooks', createWebhookReceiver({ store, secrets: ['bench-secret'], logger }));
const server = app.listen(0, '127.0.0.1', () =>
  process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`),
);

process.on('SIGTERM', () => {
  server.close();
  void (async () => {
    await worker.stop();
    await store.close();
    writeFileSync(process.env.RESULT_FILE!, JSON.stringify(Object.fromEntries(deletions)));
    process.exit(0);
  })();
});
