/**
 * Throughput of `GET /items/{id}` through the official pluggy-sdk against the emulator, as a ratio of the
 * same SDK against a bare node:http server returning the same JSON, both measured in this run.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator } from '@pluggy-kit/emulator';
import { PluggyClient } from 'pluggy-sdk';

const WARMUP_MS = 1000;
const SLICE_MS = 1000;
/** Slices alternate between the two servers, so load from other processes hits both alike. */
const ROUNDS = 5;
const CONCURRENCY = 8;

function sdkClient(apiUrl: string): PluggyClient {
  // The SDK reads PLUGGY_API_URL in its constructor and ignores `baseUrl`.
  process.env.PLUGGY_API_URL = apiUrl;
  return new PluggyClient({ clientId: 'dev-client-id', clientSecret: 'dev-client-secret' });
}

/** Calls fetchItem from `CONCURRENCY` loops for `durationMs`; returns how many completed. */
async function run(client: PluggyClient, itemId: string, durationMs: number): Promise<number> {
  let done = 0;
  const deadline = performance.now() + durationMs;
  const loop = async () => {
    while (performance.now() < deadline) {
      await client.fetchItem(itemId);
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  return done;
}

const emu = await startEmulator();
const authResponse = await fetch(`${emu.apiUrl}/auth`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ clientId: emu.clientId, clientSecret: emu.clientSecret }),
});
const { apiKey } = (await authResponse.json()) as { apiKey: string };
const created = await fetch(`${emu.apiUrl}/items`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', 'X-API-KEY': apiKey },
  body: JSON.stringify({ connectorId: 0, parameters: { user: 'user-ok', password: 'password-ok' } }),
});
const { id: itemId } = (await created.json()) as { id: string };
await new Promise((resolve) => setTimeout(resolve, 500));
const itemJson = await (
  await fetch(`${emu.apiUrl}/items/${itemId}`, { headers: { 'X-API-KEY': apiKey } })
).text();
const authJson = JSON.stringify({ apiKey });

// The baseline answers the same bytes with no routing, auth or state: the floor of what the SDK can do.
const bare = createServer((req, res) => {
  const body = req.url === '/auth' ? authJson : itemJson;
  req.resume();
  req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end(body));
});
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;

try {
  const emulatorClient = sdkClient(emu.apiUrl);
  const bareClient = sdkClient(bareUrl);
  await run(emulatorClient, itemId, WARMUP_MS);
  await run(bareClient, itemId, WARMUP_MS);
  let emulatorDone = 0;
  let bareDone = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    emulatorDone += await run(emulatorClient, itemId, SLICE_MS);
    bareDone += await run(bareClient, itemId, SLICE_MS);
  }
  const seconds = (ROUNDS * SLICE_MS) / 1000;
  const emulatorRate = emulatorDone / seconds;
  const bareRate = bareDone / seconds;
  console.log(
    `GET /items/{id} through pluggy-sdk, ${CONCURRENCY} concurrent loops, ${ROUNDS} alternating ${SLICE_MS} ms slices each`,
  );
  console.log(`  emulator        ${emulatorRate.toFixed(0)} req/s`);
  console.log(`  bare node:http  ${bareRate.toFixed(0)} req/s (same JSON)`);
  console.log(`  ratio emulator/bare: ${(emulatorRate / bareRate).toFixed(3)}`);
} finally {
  bare.closeAllConnections();
  await new Promise((resolve) => bare.close(resolve));
  await emu.stop();
}
