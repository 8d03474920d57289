/**
 * `createServer`: an Express app around the router with the security middleware (helmet with a CSP that
 * lets the page frame only the Connect origin), request logs, health and readiness probes, an optional
 * static site, and a graceful `close()` for rolling deploys.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { errorHandler } from './http/error-handler.js';
import { HttpError } from './http/http-error.js';
import { createLogger, maskWebhookSecret } from './logger.js';
import { createPluggyRouter, type PluggyRouter, type PluggyRouterOptions } from './router.js';

export const PLUGGY_CONNECT_ORIGIN = 'https://connect.pluggy.ai';

export interface ServerOptions extends PluggyRouterOptions {
  /** Middleware installed before the router, e.g. the host's own session (the CLI's demo sign-in). */
  beforeRouter?: (app: Express) => void;
  /** Serve this directory at '/' (the CLI serves the plain-HTML example). */
  staticDir?: string;
  /** Express `trust proxy`. Default false: X-Forwarded-For is ignored. */
  trustProxy?: boolean | number | string;
  /** Origins the page may frame (the Connect widget). Default Pluggy's Connect origin. */
  connectOrigins?: string[];
}

export interface KitServer {
  app: Express;
  router: PluggyRouter;
  listen(port: number, host?: string): Promise<{ url: string; server: Server }>;
  /**
   * Readiness turns 503 (and stays so for `readinessGraceMs`, while a load balancer notices), then new
   * connections stop, in-flight requests finish, then the worker and the store stop; all within `deadlineMs`.
   */
  close(options?: { deadlineMs?: number; readinessGraceMs?: number }): Promise<void>;
}

export function createServer(options: ServerOptions): KitServer {
  const logger = options.logger ?? createLogger();
  const basePath = options.basePath ?? '/api';
  const router = createPluggyRouter({ ...options, logger, basePath });
  const connectOrigins = options.connectOrigins ?? [PLUGGY_CONNECT_ORIGIN];
  let draining = false;
  let httpServer: Server | undefined;

  const webhooksPath = `${basePath}/webhooks`;

  const app = express();
  app.disable('x-powered-by');
  // Answers are per user and mostly no-store: an ETag hash of each body buys nothing.
  app.set('etag', false);
  app.set('trust proxy', options.trustProxy ?? false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // The Connect SDK injects its modal's <style> without a nonce.
          styleSrc: ["'self'", "'unsafe-inline'"],
          frameSrc: connectOrigins,
          connectSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'https:'],
          // Only an HTTPS site may ask for upgrades: on http://127.0.0.1 it would break the local Connect frame.
          upgradeInsecureRequests: options.publicUrl?.startsWith('https:') ? [] : null,
        },
      },
    }),
  );
  app.use(
    pinoHttp({
      logger,
      serializers: {
        req: (req: { method: string; url: string }) => ({
          method: req.method,
          url: maskWebhookSecret(req.url),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      // Webhook deliveries get one line each from the receiver (with their eventId, secret-free): a second
      // line per delivery cost a sixth of the event loop at 500 deliveries/s.
      autoLogging: {
        ignore: (req) =>
          req.url === '/healthz' || req.url === '/readyz' || req.url?.startsWith(webhooksPath) === true,
      },
    }),
  );
  app.get('/healthz', (_req, res) => {
    res.status(200).json({ ok: true });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = !draining && (await router.isReady());
    res.status(ready ? 200 : 503).json({ ready, draining });
  });
  options.beforeRouter?.(app);
  app.use(basePath, router);
  app.use(basePath, () => {
    throw new HttpError(404, 'NOT_FOUND', 'No such route.');
  });
  if (options.staticDir)
    app.use(express.static(options.staticDir, { index: 'index.html', fallthrough: true }));
  app.use(errorHandler(logger));

  return {
    app,
    router,
    async listen(port, host = '127.0.0.1') {
      const server = createHttpServer(app);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      httpServer = server;
      const address = server.address() as AddressInfo;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      return { url: `http://${shownHost}:${address.port}`, server };
    },
    async close({ deadlineMs = 10_000, readinessGraceMs = 0 } = {}) {
      draining = true;
      const deadline = Date.now() + deadlineMs;
      if (readinessGraceMs > 0)
        await new Promise((resolve) => setTimeout(resolve, Math.min(readinessGraceMs, deadlineMs / 2)));
      const server = httpServer;
      if (server?.listening) {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        router.closeStreams();
        // Keep-alive connections turn idle as their last request ends: close them as they do.
        const reaper = setInterval(() => server.closeIdleConnections(), 50);
        server.closeIdleConnections();
        const timedOut = new Promise<'timeout'>((resolve) =>
          setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now())).unref(),
        );
        if ((await Promise.race([closed, timedOut])) === 'timeout') {
          logger.warn('shutdown deadline reached: closing the remaining connections');
          server.closeAllConnections();
        }
        clearInterval(reaper);
      }
      await router.close({ deadlineMs: Math.max(0, deadline - Date.now()) });
    },
  };
}
