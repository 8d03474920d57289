/** GET /events: server-sent `item` events for the signed-in user's items, so pages update without polling. */
import express, { type Router } from 'express';
import { userIdOf } from '../http/require-user.js';
import { openSse } from '../http/sse.js';
import type { RouteContext } from './route-context.js';

export function eventRoutes(context: RouteContext, pingIntervalMs: number): Router {
  const router = express.Router();
  router.get('/events', (_req, res) => {
    const userId = userIdOf(res);
    let unsubscribe = () => {};
    let forgetCleanup = () => {};
    const stream = openSse(res, pingIntervalMs, () => {
      unsubscribe();
      forgetCleanup();
    });
    unsubscribe = context.changes.subscribe(userId, ({ itemId, kind, status }) =>
      stream.send('item', status === undefined ? { itemId, kind } : { itemId, kind, status }),
    );
    forgetCleanup = context.onClose(() => stream.close());
  });
  return router;
}
