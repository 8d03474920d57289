/** The product data routes of a synced item. */
import express, { type Router } from 'express';
import type { EmulatorContext } from '../context.js';
import { createAccountRoutes } from './account-routes.js';
import { createIdentityRoutes } from './identity-routes.js';
import { createInvestmentRoutes } from './investment-routes.js';
import { createTransactionRoutes } from './transaction-routes.js';

export function createDataRoutes(ctx: EmulatorContext): Router {
  const router = express.Router();
  router.use(createAccountRoutes(ctx));
  router.use(createTransactionRoutes(ctx));
  router.use(createIdentityRoutes(ctx));
  router.use(createInvestmentRoutes(ctx));
  return router;
}
