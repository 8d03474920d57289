import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startEmulator, type Emulator } from '@pluggy-kit/emulator';
import { LAST_USABLE_MS, RENEWAL_RETRY_MS } from '../src/pluggy/api-key-cache.js';
import { createPluggyClient, pathWithinApi, type PluggyClientOptions } from '../src/pluggy/pluggy-client.js';
import { PluggyApiError, type PluggyApi } from '../src/pluggy/pluggy-api.js';
import { countingFetch, type CountingFetch } from './helpers/counting-fetch.js';
import { connectItem } from './helpers/emulator-driver.js';

const HOUR = 60 * 60_000;

describe('createPluggyClient against the emulator', () => {
  let emulator: Emulator;
  let counter: CountingFetch;
  const clientOf = (options: Partial<PluggyClientOptions> = {}): PluggyApi =>
    createPluggyClient({
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      baseUrl: emulator.apiUrl,
      fetch: counter.fetch,
      ...options,
    });

  before(async () => {
    emulator = await startEmulator({ stepDelayMs: 1 });
  });
  after(() => emulator.stop());
  beforeEach(() => {
    emulator.controls.reset();
    counter = countingFetch();
  });

  it('makes exactly one POST /auth for 100 concurrent cold requests', async () => {
    const client = clientOf();
    const tokens = await Promise.all(
      Array.from({ length: 100 }, (_, n) => client.createConnectToken({ clientUserId: `user-${n}` })),
    );
    assert.equal(new Set(tokens.map((token) => token.accessToken)).size, 100);
    assert.equal(counter.count('POST', '/auth'), 1);
    assert.equal(counter.count('POST', '/connect_token'), 100);
  });

  it('renews the key once, before it expires, when inside the renewal window', async () => {
    let offset = 0;
    const client = clientOf({ now: () => Date.now() + offset });
    await client.createConnectToken({ clientUserId: 'u' });
    offset = 2 * HOUR - 4 * 60_000; // 4 minutes before the 2 h expiry: inside the 5-minute window
    await Promise.all(Array.from({ length: 20 }, () => client.createConnectToken({ clientUserId: 'u' })));
    assert.equal(counter.count('POST', '/auth'), 2);
    offset = 2 * HOUR - 10 * 60_000; // the renewed key is fresh again
    await client.createConnectToken({ clientUserId: 'u' });
    assert.equal(counter.count('POST', '/auth'), 2);
  });

  it('a failed renewal keeps the still-valid key in use, and is retried after a pause, not per request', async () => {
    let offset = 0;
    const client = clientOf({ now: () => Date.now() + offset, retries: 0 });
    await client.createConnectToken({ clientUserId: 'u' });
    emulator.controls.addFault({ path: '/auth', count: 1_000, status: 503 });
    offset = 2 * HOUR - 4 * 60_000; // inside the renewal window, the key still good for 4 minutes
    const tokens = await Promise.all(
      Array.from({ length: 5 }, () => client.createConnectToken({ clientUserId: 'u' })),
    );
    assert.equal(tokens.length, 5);
    await client.createConnectToken({ clientUserId: 'u' });
    assert.equal(counter.count('POST', '/auth'), 2, 'one failed renewal for all six requests');
    offset += RENEWAL_RETRY_MS + 1_000; // the pause is over: the next request tries again
    await client.createConnectToken({ clientUserId: 'u' });
    assert.equal(counter.count('POST', '/auth'), 3);
    offset = 2 * HOUR - LAST_USABLE_MS + 1_000; // too close to exp to be handed out: the failure shows
    await assert.rejects(client.createConnectToken({ clientUserId: 'u' }), PluggyApiError);
    emulator.controls.clearFaults();
    assert.ok((await client.createConnectToken({ clientUserId: 'u' })).accessToken);
  });

  it('re-authenticates once when Pluggy rejects an expired key, and succeeds', async () => {
    const client = clientOf();
    await client.createConnectToken({ clientUserId: 'u' });
    emulator.clock.advance(2 * HOUR + 60_000); // the emulator now sees the cached key as expired
    const { accessToken } = await client.createConnectToken({ clientUserId: 'u' });
    assert.ok(accessToken);
    assert.equal(counter.count('POST', '/auth'), 2);
    assert.equal(counter.count('POST', '/connect_token'), 3);
  });

  it('does not cache a failed /auth, and names neither the secret nor a key in the error', async () => {
    emulator.controls.addFault({ path: '/auth', count: 3, status: 503 });
    const client = clientOf({ retries: 2 });
    const error = await client.createConnectToken({ clientUserId: 'u' }).catch((caught: unknown) => caught);
    assert.ok(error instanceof PluggyApiError);
    assert.equal(error.status, 503);
    assert.ok(!error.message.includes(emulator.clientSecret));
    const { accessToken } = await client.createConnectToken({ clientUserId: 'u' });
    assert.ok(accessToken);
    assert.equal(counter.count('POST', '/auth'), 4);
  });

  it('rejects wrong credentials with 401 CLIENT_KEYS_UNAUTHORIZED and no retry', async () => {
    const client = clientOf({ clientSecret: 'wrong-secret' });
    const error = await client.fetchItem('x').catch((caught: unknown) => caught);
    assert.ok(error instanceof PluggyApiError);
    assert.equal(error.status, 401);
    assert.equal(error.codeDescription, 'CLIENT_KEYS_UNAUTHORIZED');
    assert.ok(!error.message.includes('wrong-secret'));
    assert.equal(counter.count('POST', '/auth'), 1);
  });

  it('waits out a short Retry-After and succeeds', async () => {
    const client = clientOf();
    emulator.controls.addFault({ path: '/connect_token', count: 1, status: 429, retryAfter: 1 });
    const started = Date.now();
    await client.createConnectToken({ clientUserId: 'u' });
    assert.ok(Date.now() - started >= 900, 'waited about the second Pluggy asked for');
    assert.equal(counter.count('POST', '/connect_token'), 2);
  });

  it('waits at least a second on a 429 with Retry-After: 0, and tells the caller 1 s, not 0', async () => {
    const client = clientOf({ retries: 1 });
    emulator.controls.addFault({ path: '/connect_token', count: 2, status: 429, retryAfter: 0 });
    const started = Date.now();
    const error = await client.createConnectToken({ clientUserId: 'u' }).catch((caught: unknown) => caught);
    assert.ok(Date.now() - started >= 900, 'paused before asking again');
    assert.ok(error instanceof PluggyApiError);
    assert.equal(error.retryAfterSeconds, 1);
    assert.equal(counter.count('POST', '/connect_token'), 2);
  });

  it('fails fast on a long Retry-After, with the wait for the caller', async () => {
    const client = clientOf();
    emulator.controls.addFault({ path: '/connect_token', count: 1, status: 429, retryAfter: 60 });
    const started = Date.now();
    const error = await client.createConnectToken({ clientUserId: 'u' }).catch((caught: unknown) => caught);
    assert.ok(Date.now() - started < 1_000);
    assert.ok(error instanceof PluggyApiError);
    assert.equal(error.status, 429);
    assert.equal(error.retryAfterSeconds, 60);
    assert.equal(error.retryable, true);
    assert.equal(counter.count('POST', '/connect_token'), 1);
  });

  it('retries a GET after 5xx, and gives up after the configured retries with bounded latency', async () => {
    const item = await connectItem(emulator, { clientUserId: 'u' });
    const client = clientOf({ retries: 2 });
    emulator.controls.addFault({ path: `/items/${item.id}`, method: 'GET', count: 2, status: 502 });
    assert.equal((await client.fetchItem(item.id)).id, item.id);
    assert.equal(counter.count('GET', `/items/${item.id}`), 3);

    emulator.controls.addFault({ path: `/items/${item.id}`, method: 'GET', count: 3, status: 500 });
    const started = Date.now();
    const error = await client.fetchItem(item.id).catch((caught: unknown) => caught);
    assert.ok(error instanceof PluggyApiError && error.status === 500);
    assert.ok(Date.now() - started < 3_000);
    assert.equal(counter.count('GET', `/items/${item.id}`), 6);
  });

  it('never repeats a PATCH (a sync at the bank) after a 5xx', async () => {
    const item = await connectItem(emulator, { clientUserId: 'u' });
    const client = clientOf();
    emulator.controls.addFault({ path: `/items/${item.id}`, method: 'PATCH', count: 1, status: 503 });
    const error = await client.updateItem(item.id).catch((caught: unknown) => caught);
    assert.ok(error instanceof PluggyApiError && error.status === 503);
    assert.equal(counter.count('PATCH', `/items/${item.id}`), 1);
  });

  it('times out a slow call quickly as a retryable network error', async () => {
    const client = clientOf({ timeoutMs: 150, retries: 0 });
    emulator.controls.addFault({ path: '/connect_token', count: 1, delayMs: 2_000 });
    const started = Date.now();
    const error = await client.createConnectToken({ clientUserId: 'u' }).catch((caught: unknown) => caught);
    assert.ok(Date.now() - started < 1_000);
    assert.ok(error instanceof PluggyApiError);
    assert.equal(error.status, 0);
    assert.match(error.message, /timed out after 150 ms/);
    assert.equal(error.retryable, true);
  });

  it('reads every account and every transaction page of a year of history', async () => {
    const item = await connectItem(emulator, { clientUserId: 'u' });
    await waitUntilUpdated(emulator, item.id);
    const client = clientOf();
    const accounts = await client.fetchAccounts(item.id);
    assert.ok(accounts.length >= 2);
    assert.ok(accounts.every((account) => account.itemId === item.id));
    for (const account of accounts) {
      const transactions = await client.fetchTransactions(account.id);
      const ids = new Set(transactions.map((transaction) => transaction.id));
      assert.equal(ids.size, transactions.length, 'no transaction twice');
      const expected = emulatorTransactionCount(emulator, account.id);
      assert.equal(transactions.length, await expected);
    }
  });

  it('follows createdTransactionsLinks from an auto-sync through every page', async () => {
    const item = await connectItem(emulator, { clientUserId: 'u', webhookUrl: 'http://127.0.0.1:9/hook' });
    await waitUntilUpdated(emulator, item.id);
    const sync = emulator.controls.syncItem(item.id);
    assert.ok(sync.created.length > 1);
    const links = await waitForLinks(emulator, item.id);
    const client = clientOf();
    for (const pageSize of [undefined, 1]) {
      const created = new Set<string>();
      for (const link of links) {
        const url = new URL(link);
        if (pageSize) url.searchParams.set('pageSize', String(pageSize));
        for (const transaction of await client.fetchTransactionsByLink(url.toString()))
          created.add(transaction.id);
      }
      assert.deepEqual(created, new Set(sync.created), `pageSize ${pageSize ?? 'default'}`);
    }
  });

  it('refuses to follow a link to another host (the API key would go there)', () => {
    const base = new URL(emulator.apiUrl);
    assert.throws(() => pathWithinApi(base, 'https://evil.example/transactions?page=2'), /another host/);
    assert.equal(pathWithinApi(base, `${emulator.apiUrl}/transactions?a=1`), '/transactions?a=1');
    assert.equal(pathWithinApi(base, '/v2/transactions?after=x'), '/v2/transactions?after=x');
  });
});

async function waitUntilUpdated(emulator: Emulator, itemId: string): Promise<void> {
  for (let tries = 0; tries < 200; tries += 1) {
    const item = emulator.controls.items().find((candidate) => candidate.id === itemId);
    if (item?.status === 'UPDATED') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`item ${itemId} never reached UPDATED`);
}

async function emulatorTransactionCount(emulator: Emulator, accountId: string): Promise<number> {
  const { apiKey } = (await (
    await fetch(`${emulator.apiUrl}/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: emulator.clientId, clientSecret: emulator.clientSecret }),
    })
  ).json()) as { apiKey: string };
  const page = (await (
    await fetch(`${emulator.apiUrl}/transactions?accountId=${accountId}&pageSize=1`, {
      headers: { 'x-api-key': apiKey },
    })
  ).json()) as { total: number };
  return page.total;
}

/** The `createdTransactionsLink`s of the item's `transactions/created` deliveries (the emulator logs failed ones too). */
async function waitForLinks(emulator: Emulator, itemId: string): Promise<string[]> {
  for (let tries = 0; tries < 200; tries += 1) {
    const links = emulator.controls
      .webhookDeliveries({ event: 'transactions/created' })
      .map((delivery) => delivery.body as { itemId?: string; createdTransactionsLink?: string })
      .filter((body) => body.itemId === itemId && body.createdTransactionsLink)
      .map((body) => body.createdTransactionsLink!);
    if (links.length) return [...new Set(links)];
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('no transactions/created delivery');
}
