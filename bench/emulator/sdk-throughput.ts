/**
 * Throughput of `GET /items/{id}` through the official pluggy-sdk against the emulator, as a ratio of the
 * same SDK against a bare node:http server returning the same JSON, both measured in this run.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator } from '@pluggy-kit/emulator';
import { PluggyClient } from 'pluggy-sdk';

const WARMUP_MS = 1000;
const MEASURE_MS = 5000;
const CONCURRENCY = 8;

/** Calls fetchItem from `CONCURRENCY` loops for `durationMs`; returns completed requests per second. */
async function measure(apiUrl: string, itemId: string, durationMs: number): Promise<number> {
  // The SDK reads PLUGGY_API_URL in its constructor and ignores `baseUrl`.
  process.env.PLUGGY_API_URL = apiUrl;
  const client = new PluggyClient({ clientId: 'dev-client-id', clientSecret: 'dev-client-secret' });
  await client.fetchItem(itemId);
  let done = 0;
  const deadline = performance.now() + durationMs;
  const loop = async () => {
    while (performance.now() < deadline) {
      await client.fetchItem(itemId);
      done += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  return done / ((performance.now() - started) / 1000);
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
  await measure(emu.apiUrl, itemId, WARMUP_MS);
  await measure(bareUrl, itemId, WARMUP_MS);
  const emulatorRate = await measure(emu.apiUrl, itemId, MEASURE_MS);
  const bareRate = await measure(bareUrl, itemId, MEASURE_MS);
  console.log(
    `GET /items/{id} through pluggy-sdk, ${CONCURRENCY} concurrent loops, ${MEASURE_MS / 1000} s each`,
  );
  console.log(`  emulator        ${emulatorRate.toFixed(0)} req/s`);
  console.log(`  bare node:http  ${bareRate.toFixed(0)} req/s (same JSON)`);
  console.log(`  ratio emulator/bare: ${(emulatorRate / bareRate).toFixed(3)}`);
} finally {
  bare.closeAllConnections();
  await new Promise((resolve) => bare.close(resolve));
  await emu.stop();
}
