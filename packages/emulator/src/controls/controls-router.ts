/** HTTP test controls under `/__emulator` (no auth, any origin): never in Pluggy's namespace. */
import express, { type Router } from 'express';
import { z } from 'zod';
import type { ConnectControls } from '../connect-page/controls.js';
import type { EmulatorContext } from '../context.js';
import { connectorIdOf } from '../routes/connector-routes.js';
import { faultSchema } from '../faults.js';
import { parseBody } from '../routes/validate.js';
import type { EmulatorControls } from './emulator-controls.js';

const advanceSchema = z.object({ ms: z.number().int().min(0) });
const statusSchema = z.object({ status: z.enum(['ONLINE', 'UNSTABLE', 'OFFLINE']) });
// Strict, so a misspelt name is a 400 rather than a silent no-op.
const deprecationsSchema = z.strictObject({ v1Transactions: z.boolean() });

export function createControlsRouter(
  ctx: EmulatorContext,
  controls: EmulatorControls,
  connect: ConnectControls,
): Router {
  const router = express.Router();
  router.use('/connect', connect.router);
  router.use(ctx.webhooks.controls);
  router.use(express.json({ limit: '64kb' }));

  router.post('/reset', (_req, res) => {
    controls.reset();
    res.status(200).json({ reset: true });
  });
  router.get('/clock', (_req, res) => {
    res.status(200).json(controls.clock());
  });
  router.post('/clock/advance', (req, res) => {
    res.status(200).json(controls.advanceClock(parseBody(advanceSchema, req.body, 'clock advance').ms));
  });
  router.get('/items', (_req, res) => {
    res.status(200).json(controls.items());
  });
  router.post('/items/:id/sync', (req, res) => {
    res.status(200).json(controls.syncItem(req.params.id));
  });
  router.post('/connectors/:id/status', (req, res) => {
    const { status } = parseBody(statusSchema, req.body, 'connector status');
    const id = connectorIdOf(req.params.id);
    controls.setConnectorStatus(id, status);
    res.status(200).json(ctx.connectors.get(id));
  });
  router.get('/faults', (_req, res) => {
    res.status(200).json(controls.faults());
  });
  router.post('/faults', (req, res) => {
    controls.addFault(parseBody(faultSchema, req.body, 'fault'));
    res.status(200).json(controls.faults());
  });
  router.delete('/faults', (_req, res) => {
    controls.clearFaults();
    res.status(200).json(controls.faults());
  });
  router.get('/deprecations', (_req, res) => {
    res.status(200).json(controls.deprecations());
  });
  router.post('/deprecations', (req, res) => {
    res.status(200).json(controls.setDeprecations(parseBody(deprecationsSchema, req.body, 'deprecations')));
  });
  router.get('/api-keys', (_req, res) => {
    res.status(200).json({ results: controls.issuedApiKeys() });
  });
  return router;
}
