/**
 * Injected API faults (test control): the next `count` responses whose path starts with `path` (and
 * whose method matches, when given) fail with `status` and/or are delayed by `delayMs`.
 */
import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { ApiError } from './errors.js';

/** What Pluggy sends with every 429 (pluggy.md §6). */
export const TOO_MANY_REQUESTS_MESSAGE =
  'Too many requests. Please try again later (see Retry-After header in seconds)';

export const faultSchema = z
  .object({
    path: z.string().startsWith('/'),
    method: z
      .string()
      .transform((method) => method.toUpperCase())
      .pipe(z.enum(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']))
      .optional(),
    count: z.number().int().min(1).max(10_000),
    status: z.union([z.literal(429), z.literal(500), z.literal(502), z.literal(503)]).optional(),
    delayMs: z.number().int().min(0).max(120_000).optional(),
    retryAfter: z.number().int().min(0).max(3600).optional(),
  })
  .refine((fault) => fault.status !== undefined || fault.delayMs !== undefined, {
    message: 'a fault needs a status, a delayMs, or both',
  });

export type Fault = z.output<typeof faultSchema>;

export interface FaultQueue {
  add(fault: Fault): void;
  list(): (Fault & { remaining: number })[];
  /** Takes one use of the first fault matching the request, if any. */
  take(method: string, path: string): Fault | undefined;
  clear(): void;
}

export function createFaultQueue(): FaultQueue {
  let faults: (Fault & { remaining: number })[] = [];
  return {
    add: (fault) => void faults.push({ ...fault, remaining: fault.count }),
    list: () => faults.map((fault) => ({ ...fault })),
    take(method, path) {
      const fault = faults.find((f) => path.startsWith(f.path) && (!f.method || f.method === method));
      if (!fault) return undefined;
      fault.remaining -= 1;
      if (fault.remaining <= 0) faults = faults.filter((f) => f !== fault);
      return fault;
    },
    clear: () => void (faults = []),
  };
}

const STATUS_MESSAGES: Record<number, string> = {
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
};

/** Runs before the API routes (never before the test controls). */
export function faultInjection(queue: FaultQueue) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    if (req.method === 'OPTIONS') return next();
    const fault = queue.take(req.method, req.path);
    if (!fault) return next();
    if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault.status === 429) {
      const retryAfter = String(fault.retryAfter ?? 60);
      throw new ApiError(429, TOO_MANY_REQUESTS_MESSAGE, undefined, undefined, {
        'Retry-After': retryAfter,
        'RateLimit-Reset': retryAfter,
      });
    }
    if (fault.status) throw new ApiError(fault.status, STATUS_MESSAGES[fault.status] ?? 'Server error');
    next();
  };
}
