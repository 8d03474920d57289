/**
 * Connect tokens for 100 concurrent cold requests, as a site backend mints them: the kit's client (one per
 * process, single-flight API key) against the official `pluggy-sdk` used as Pluggy's samples do (a
 * `PluggyClient` per request). Both talk to the emulator through a counting proxy, so POST /auth calls are
 * counted on the wire. ROUNDS of 100 concurrent requests run one after another, past Pluggy's limit of
 * 360 POST /auth per minute (the emulator enforces it, with Pluggy's Retry-After of 60 s). The emulator
 * answers in microseconds, so a delay stands in for Pluggy's latency on /auth (AUTH_MS) and /connect_token (TOKEN_MS).
 * Target (issue 4): 1 /auth against 100 per round, throughput at least 5x.
 * Env: REQUESTS (default 100), ROUNDS (default 4), AUTH_MS (default 200), TOKEN_MS (default 50).
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator } from '@pluggy-kit/emulator';
import { PluggyClient } from 'pluggy-sdk';
import { createPluggyClient } from '../../packages/token-server/src/pluggy/pluggy-client.js';

const REQUESTS = Number(process.env.REQUESTS ?? 100);
const ROUNDS = Number(process.env.ROUNDS ?? 4);
const AUTH_MS = Number(process.env.AUTH_MS ?? 200);
const TOKEN_MS = Number(process.env.TOKEN_MS ?? 50);
const TARGET_RATIO = 5;

/** Forwards to the emulator, adding the stand-in latency and counting requests per path. */
async function startProxy(target: string) {
  const counts = new Map<string, number>();
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    const delay = path === '/auth' ? AUTH_MS : path === '/connect_token' ? TOKEN_MS : 0;
    setTimeout(() => {
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => res.destroy());
      req.pipe(forward);
    }, delay);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function measure(name: string, mint: (user: string) => Promise<unknown>, counts: Map<string, number>) {
  counts.clear();
  const started = performance.now();
  for (let round = 0; round < ROUNDS; round += 1) {
    await Promise.all(Array.from({ length: REQUESTS }, (_, n) => mint(`user-${round}-${n}`)));
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    client: name,
    requests: REQUESTS * ROUNDS,
    'POST /auth': counts.get('/auth') ?? 0,
    seconds: Number(seconds.toFixed(2)),
    'tokens/s': Math.round((REQUESTS * ROUNDS) / seconds),
  };
}

const emulator = await startEmulator({ stepDelayMs: 1 });
const proxy = await startProxy(emulator.apiUrl);
try {
  // pluggy-sdk reads its API URL from the environment when a client is constructed.
  process.env.PLUGGY_API_URL = proxy.url;
  const credentials = { clientId: emulator.clientId, clientSecret: emulator.clientSecret };
  const baseline = await measure(
    'pluggy-sdk, a client per request',
    (user) => new PluggyClient(credentials).createConnectToken(undefined, { clientUserId: user }),
    proxy.counts,
  );
  const kitClient = createPluggyClient({ ...credentials, baseUrl: proxy.url });
  const kit = await measure(
    'kit, one client per process',
    (user) => kitClient.createConnectToken({ clientUserId: user }),
    proxy.counts,
  );
  console.table([baseline, kit]);
  const ratio = kit['tokens/s'] / baseline['tokens/s'];
  console.log(
    `Ratio: the kit mints ${ratio.toFixed(1)}x the tokens per second with ${kit['POST /auth']} POST /auth ` +
      `against ${baseline['POST /auth']} (target: at least ${TARGET_RATIO}x, 1 against ${REQUESTS * ROUNDS}).`,
  );
  if (kit['POST /auth'] !== 1 || ratio < TARGET_RATIO) process.exitCode = 1;
} finally {
  await proxy.stop();
  await emulator.stop();
}
