// The test token routes on a second port: another origin (same site, so cookies set on the test page's host
// reach it), answering CORS with credentials, so tests can tell the element's `credentials` modes apart.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testRoutes, type RouteContext, type TokenMinter } from './test-routes.js';

export async function startCrossOriginRoutes(
  mintToken: () => TokenMinter | undefined,
): Promise<{ port: number; stop: () => Promise<void> }> {
  const routes = testRoutes(mintToken);
  const server = createServer((req, res) => {
    const origin = req.headers.origin;
    if (origin) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'POST');
      res.setHeader('Access-Control-Allow-Headers', 'content-type, accept, x-requested-with');
      res.writeHead(204).end();
      return;
    }
    const ctx: RouteContext = {
      req,
      res,
      respond: true,
      url: req.url ?? '/',
      method: req.method ?? 'GET',
      status: 404,
      body: undefined,
      type: '',
      set: (field, value) => res.setHeader(field, value),
    };
    void routes(ctx, async () => undefined).then(() => {
      if (ctx.respond === false) return;
      res.statusCode = ctx.status;
      if (ctx.type) res.setHeader('Content-Type', ctx.type);
      res.end(typeof ctx.body === 'string' ? ctx.body : '');
    });
  });
  // No host: dual-stack, so `localhost` reaches it whether the browser resolves it to ::1 or 127.0.0.1.
  await new Promise<void>((resolve) => server.listen(0, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
