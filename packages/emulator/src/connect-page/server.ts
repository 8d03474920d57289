/**
 * The Connect page's own origin: the HTML shell at `/` (the SDK's `url` must be this origin exactly),
 * the esbuild bundle under `/assets/`, and the API base URL injected into the page.
 */
import express, { type Request, type Response, type NextFunction } from 'express';
import { isBundleBuilt } from './ensure-bundle.js';
import { CONNECT_PAGE_ASSETS_DIR } from './paths.js';
import type { ConnectPageConfig } from './protocol.js';

export { CONNECT_PAGE_ASSETS_DIR } from './paths.js';

export interface ConnectPageOptions {
  /** The emulator API the page talks to, e.g. `http://127.0.0.1:4010` (no trailing slash). */
  apiUrl: string;
  /** Where the built bundle is; default dist/connect-page/assets of this package. */
  assetsDir?: string;
}

// The SDK frames the page from whatever origin the host app runs on; the emulator only serves loopback hosts.
const LOOPBACK_PARENTS = [
  'http://127.0.0.1:*',
  'http://localhost:*',
  'https://127.0.0.1:*',
  'https://localhost:*',
];

function contentSecurityPolicy(apiOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${apiOrigin}`,
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors 'self' ${LOOPBACK_PARENTS.join(' ')}`,
  ].join('; ');
}

function renderShell(config: ConnectPageConfig): string {
  // `<` escaped so no value can close the JSON script element.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="pt-BR">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pluggy Connect (emulator)</title>
<link rel="stylesheet" href="/assets/main.css">
<script id="connect-page-config" type="application/json">${json}</script>
</head>
<body>
<div id="app"></div>
<script src="/assets/main.js"></script>
</body>
</html>
`;
}

function securityHeaders(apiOrigin: string) {
  const policy = contentSecurityPolicy(apiOrigin);
  return (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Content-Security-Policy', policy);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  };
}

export function createConnectPageApp(options: ConnectPageOptions): express.Express {
  const apiOrigin = new URL(options.apiUrl).origin;
  const shell = renderShell({ apiUrl: options.apiUrl.replace(/\/+$/, '') });
  const assetsDir = options.assetsDir ?? CONNECT_PAGE_ASSETS_DIR;
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders(apiOrigin));

  app.get('/', (_req, res) => {
    // Checked per request so a bundle built after start-up is picked up.
    if (!isBundleBuilt(assetsDir)) {
      res
        .status(503)
        .type('text/plain')
        .send(
          'CONNECT_PAGE_NOT_BUILT: the Connect page bundle is missing. Run `pnpm --filter @pluggy-kit/emulator build` (or `node scripts/build-connect-page.mjs` in packages/emulator); the pluggy-emulator CLI builds it on start.\n',
        );
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(shell);
  });
  app.use('/assets', express.static(assetsDir, { fallthrough: false, index: false }));
  // Browsers ask for it on every load; an empty answer keeps the console clean.
  app.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });
  // Missing or forbidden asset paths (express.static's 404/403) answer quietly instead of logging a stack.
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const status = (error as { status?: unknown }).status;
    if (typeof status !== 'number' || status >= 500) {
      next(error);
      return;
    }
    res
      .status(status)
      .type('text/plain')
      .send(status === 404 ? 'Not found\n' : 'Forbidden\n');
  });
  return app;
}
