/** The API origin: Pluggy's REST API, plus the test controls under `/__emulator`. */
import express, { type RequestHandler, type Router } from 'express';
import { requireApiKey } from './auth/auth-context.js';
import { authenticate } from './auth/authenticate.js';
import type { EmulatorContext } from './context.js';
import { allowAnyOrigin } from './cors.js';
import { ApiError, createErrorHandler } from './errors.js';
import { faultInjection } from './faults.js';
import type { ItemExecution } from './items/execution.js';
import { createAuthRoutes } from './routes/auth-routes.js';
import { createConnectorRoutes } from './routes/connector-routes.js';
import { createDataRoutes } from './routes/data-routes.js';
import { createItemRoutes } from './routes/item-routes.js';

/** Pluggy rejects bodies above this size; so does the emulator, with a Pluggy-shaped 413. */
export const MAX_BODY_BYTES = '1mb';

const AUTHENTICATED_PATHS = [
  '/connectors',
  '/items',
  '/accounts',
  '/transactions',
  '/v2',
  '/identity',
  '/investments',
  '/webhooks',
];

const apiKeyOnly: RequestHandler = (_req, res, next) => {
  requireApiKey(res);
  next();
};

export function createApiApp(
  ctx: EmulatorContext,
  execution: ItemExecution,
  controls: Router,
): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(allowAnyOrigin);
  // The controls parse their own bodies and are never subject to injected faults.
  app.use('/__emulator', controls);
  app.use(express.json({ limit: MAX_BODY_BYTES }));
  app.use(faultInjection(ctx.faults));

  const authenticated = authenticate(ctx.signer, ctx.settings.expiredKeyStatus);
  app.use(AUTHENTICATED_PATHS, authenticated);
  app.use(createAuthRoutes(ctx, authenticated));
  app.use(createConnectorRoutes(ctx));
  app.use(createItemRoutes(ctx, execution));
  app.use(createDataRoutes(ctx));
  app.use('/webhooks', apiKeyOnly, ctx.webhooks.router);

  app.use((req) => {
    throw new ApiError(404, `Route ${req.method} ${req.path} not found`);
  });
  app.use(createErrorHandler(ctx.log));
  return app;
}
