/**
 * Injected delivery faults. Rules apply in the order added; every delivery attempt consumes one unit of
 * the oldest rule that has count left, so `{mode:'fail', count:2}` then `{mode:'duplicate', count:1}`
 * fails the next two attempts and duplicates the third.
 */
import { z } from 'zod';

export const webhookFaultSchema = z.strictObject({
  mode: z.enum(['duplicate', 'delay', 'reorder', 'fail']),
  count: z.number().int().min(1).max(1000),
  /** `delay` only: wall milliseconds (on the emulator clock) to hold the delivery. */
  delayMs: z.number().int().min(0).max(600_000).optional(),
  /** `fail` only: the status recorded for the failed attempt; 401 stops the retries like a real 401. */
  status: z.number().int().min(300).max(599).optional(),
});

export type WebhookFault = z.infer<typeof webhookFaultSchema>;
export type WebhookFaultMode = WebhookFault['mode'];

/** What one attempt must do, resolved with defaults. */
export type FaultAction =
  | { mode: 'duplicate' }
  | { mode: 'reorder' }
  | { mode: 'delay'; delayMs: number }
  | { mode: 'fail'; status: number };

export const DEFAULT_FAULT_DELAY_MS = 1000;
export const DEFAULT_FAULT_STATUS = 500;

export class WebhookFaultError extends Error {
  readonly code = 'INVALID_WEBHOOK_FAULT';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WebhookFaultError';
  }
}

export interface FaultQueue {
  /** Validates and queues a rule; throws WebhookFaultError on a bad one. */
  add(fault: WebhookFault): void;
  /** The rules with count left, in the order they apply. */
  list(): WebhookFault[];
  clear(): void;
  /** Consumes one unit for the attempt about to run; null when no fault applies. */
  take(): FaultAction | null;
}

function toAction(fault: WebhookFault): FaultAction {
  switch (fault.mode) {
    case 'delay':
      return { mode: 'delay', delayMs: fault.delayMs ?? DEFAULT_FAULT_DELAY_MS };
    case 'fail':
      return { mode: 'fail', status: fault.status ?? DEFAULT_FAULT_STATUS };
    default:
      return { mode: fault.mode };
  }
}

export function createFaultQueue(): FaultQueue {
  let rules: WebhookFault[] = [];
  return {
    add(fault) {
      const parsed = webhookFaultSchema.safeParse(fault);
      if (!parsed.success) {
        throw new WebhookFaultError(`Invalid webhook fault: ${z.prettifyError(parsed.error)}`, {
          cause: parsed.error,
        });
      }
      rules.push({ ...parsed.data });
    },
    list: () => rules.map((rule) => ({ ...rule })),
    clear() {
      rules = [];
    },
    take() {
      const rule = rules[0];
      if (!rule) return null;
      rule.count -= 1;
      if (rule.count === 0) rules.shift();
      return toAction(rule);
    },
  };
}
