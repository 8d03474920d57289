/**
 * Test controls of the Connect page, mounted by the emulator under `/__emulator/connect` on the API
 * origin: the autopilot queue the page consumes on load, and the session log the page reports to
 * (the props it received, the events it sent, how it ended).
 */
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import {
  AUTOPILOT_FINISHES,
  type AutopilotScript,
  type ConnectSession,
  type ConnectSessionOpening,
  type ConnectSessionUpdate,
} from './protocol.js';

export type { AutopilotScript, ConnectSession } from './protocol.js';

// Enough for any test run; older sessions are dropped so a long demo does not grow without bound.
const MAX_SESSIONS = 200;

const autopilotSchema = z
  .object({
    connectorId: z.number().int().nonnegative().default(0),
    credentials: z.record(z.string(), z.string()).default({ user: 'user-ok', password: 'password-ok' }),
    mfa: z.array(z.string()).default([]),
    finish: z.enum(AUTOPILOT_FINISHES).default('stay'),
    closeAt: z.literal('consent').optional(),
  })
  .strict();

export type AutopilotInput = z.input<typeof autopilotSchema>;

const eventSchema = z.looseObject({ event: z.string().min(1), timestamp: z.number() });

const openingSchema = z.object({
  props: z.record(z.string(), z.unknown()),
  callbacks: z.array(z.string()),
});

const updateSchema = z
  .object({
    events: z.array(eventSchema).optional(),
    result: z.enum(['success', 'error', 'closed']).optional(),
    closed: z.boolean().optional(),
    hidden: z.boolean().optional(),
    autopilotError: z.string().optional(),
  })
  .strict();

export class ConnectControlError extends Error {
  constructor(
    readonly status: 400 | 404,
    readonly code: 'INVALID_AUTOPILOT' | 'INVALID_SESSION_REPORT' | 'SESSION_NOT_FOUND',
    message: string,
    readonly details?: { code: string; parameter: string; message: string }[],
  ) {
    super(message);
    this.name = 'ConnectControlError';
  }
}

export interface ConnectAutopilot {
  /** Queues a script for the next page load; fills in the defaults and returns the stored script. */
  enqueue(input?: AutopilotInput): AutopilotScript;
  /** Takes the oldest queued script, if any. */
  next(): AutopilotScript | undefined;
  clear(): void;
  pending(): number;
}

export interface ConnectControls {
  router: Router;
  autopilot: ConnectAutopilot;
  sessions(): ConnectSession[];
  reset(): void;
}

function parseWith<T>(
  schema: z.ZodType<T>,
  body: unknown,
  code: ConnectControlError['code'],
  what: string,
): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    code: issue.code,
    parameter: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  throw new ConnectControlError(
    400,
    code,
    `Invalid ${what}: ${details[0]?.parameter || 'body'} ${details[0]?.message ?? ''}`.trim(),
    details,
  );
}

function createAutopilot(): ConnectAutopilot {
  const queue: AutopilotScript[] = [];
  return {
    enqueue(input = {}) {
      const script = parseWith(autopilotSchema, input, 'INVALID_AUTOPILOT', 'autopilot script');
      queue.push(script);
      return script;
    },
    next: () => queue.shift(),
    clear: () => void queue.splice(0),
    pending: () => queue.length,
  };
}

// The Connect page runs on another origin; these controls are loopback test tooling, so any origin may call them.
function allowAnyOrigin(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PATCH, DELETE, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
  if (req.method === 'OPTIONS') {
    res.status(204).end();
    return;
  }
  next();
}

export function createConnectControls(): ConnectControls {
  const autopilot = createAutopilot();
  const log: ConnectSession[] = [];

  const findSession = (id: string): ConnectSession => {
    const session = log.find((candidate) => candidate.id === id);
    if (!session) throw new ConnectControlError(404, 'SESSION_NOT_FOUND', `No Connect session with id ${id}`);
    return session;
  };

  const router = express.Router();
  router.use(allowAnyOrigin);
  router.use(express.json({ limit: '2mb' }));

  router.post('/autopilot', (req, res) => {
    res.json(autopilot.enqueue(req.body as AutopilotInput));
  });
  router.delete('/autopilot', (_req, res) => {
    autopilot.clear();
    res.json({ cleared: true });
  });
  router.get('/autopilot/next', (_req, res) => {
    const script = autopilot.next();
    if (script) res.json(script);
    else res.status(204).end();
  });

  router.post('/sessions', (req, res) => {
    const opening: ConnectSessionOpening = parseWith(
      openingSchema,
      req.body,
      'INVALID_SESSION_REPORT',
      'session report',
    );
    const session: ConnectSession = {
      id: randomUUID(),
      at: new Date().toISOString(),
      ...opening,
      events: [],
      closed: false,
      hidden: false,
    };
    log.push(session);
    if (log.length > MAX_SESSIONS) log.splice(0, log.length - MAX_SESSIONS);
    res.json({ id: session.id });
  });
  router.patch('/sessions/:id', (req, res) => {
    const session = findSession(req.params.id);
    const update: ConnectSessionUpdate = parseWith(
      updateSchema,
      req.body,
      'INVALID_SESSION_REPORT',
      'session report',
    );
    if (update.events) session.events.push(...update.events);
    if (update.result) session.result = update.result;
    if (update.closed !== undefined) session.closed = update.closed;
    if (update.hidden !== undefined) session.hidden = update.hidden;
    if (update.autopilotError !== undefined) session.autopilotError = update.autopilotError;
    res.json({ id: session.id });
  });
  router.get('/sessions', (_req, res) => {
    res.json(log);
  });

  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (error instanceof ConnectControlError) {
      res.status(error.status).json({
        code: error.status,
        codeDescription: error.code,
        message: error.message,
        ...(error.details ? { details: error.details } : {}),
      });
      return;
    }
    // Malformed or oversized JSON from express.json(): answer in Pluggy's error shape, not HTML.
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res
        .status(status)
        .json({ code: status, codeDescription: 'INVALID_REQUEST_BODY', message: (error as Error).message });
      return;
    }
    next(error);
  });

  return {
    router,
    autopilot,
    sessions: () => log.map((session) => structuredClone(session)),
    reset() {
      autopilot.clear();
      log.splice(0);
    },
  };
}
