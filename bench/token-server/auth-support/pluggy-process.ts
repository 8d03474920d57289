/**
 * Child process of auth-throughput.ts: "Pluggy" on its own event loop (the emulator behind a counting proxy),
 * as the real Pluggy runs on other machines, so its work on /auth is not billed to the clients' CPU. The
 * proxy counts requests and answers per path, times each upstream answer, and can add a fixed latency on
 * /auth (AUTH_MS) and /connect_token (TOKEN_MS); both default to none.
 * Controls: GET /__bench/stats, POST /__bench/reset (clears the stats and resets the emulator, which also
 * clears its POST /auth rate limit). Prints `READY <url>`; SIGTERM stops it.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator } from '@pluggy-kit/emulator';

const AUTH_MS = Number(process.env.AUTH_MS ?? 0);
const TOKEN_MS = Number(process.env.TOKEN_MS ?? 0);

export interface PathStats {
  requests: number;
  /** Answers by HTTP status, e.g. `{ "200": 100, "429": 40 }`. */
  statuses: Record<string, number>;
  /** Sum of the upstream answer times (ms), the added latency excluded. */
  upstreamMs: number;
}

const emulator = await startEmulator({ stepDelayMs: 1 });
const upstream = new URL(emulator.apiUrl);
let stats = new Map<string, PathStats>();

function statsOf(path: string): PathStats {
  let entry = stats.get(path);
  if (!entry) stats.set(path, (entry = { requests: 0, statuses: {}, upstreamMs: 0 }));
  return entry;
}

const server: Server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0]!;
  if (path === '/__bench/stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return void res.end(JSON.stringify(Object.fromEntries(stats)));
  }
  if (path === '/__bench/reset') {
    stats = new Map();
    emulator.controls.reset();
    return void res.writeHead(204).end();
  }
  const entry = statsOf(path);
  entry.requests += 1;
  const delay = path === '/auth' ? AUTH_MS : path === '/connect_token' ? TOKEN_MS : 0;
  setTimeout(() => {
    const started = performance.now();
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        const status = String(answer.statusCode ?? 502);
        entry.statuses[status] = (entry.statuses[status] ?? 0) + 1;
        answer.once('end', () => (entry.upstreamMs += performance.now() - started));
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  }, delay);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
process.stdout.write(`READY http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);

process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close();
  void emulator.stop().then(() => process.exit(0));
});
