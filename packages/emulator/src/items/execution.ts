/**
 * The item state machine: a run walks Pluggy's executionStatus values one step per `stepDelayMs` of
 * emulator time (CREATING → LOGIN_IN_PROGRESS → [WAITING_USER_INPUT → LOGIN_MFA_IN_PROGRESS] →
 * *_IN_PROGRESS per product → SUCCESS | PARTIAL_SUCCESS | an error code) and fires the webhooks.
 */
import type { EmulatorContext } from '../context.js';
import { toIso } from '../dates.js';
import { emitItemEvent } from './item-events.js';
import type { ItemRecord, TriggeredBy } from './item-record.js';
import { MFA_INPUT_TIMEOUT_MS, isAcceptedMfaAnswer, mfaParameter } from './mfa.js';
import {
  ERROR_MESSAGES,
  PERF_TRANSACTIONS_CAP,
  SANDBOX_MFA_CODE,
  scenarioFor,
  statusForError,
  type ErrorOutcome,
  type Scenario,
} from './scenarios.js';
import { statusDetailFor } from './status-detail.js';

/** Pluggy's auto-sync period (plan dependent; 24 h is the default plan's). */
export const AUTO_SYNC_INTERVAL_MS = 24 * 60 * 60 * 1000;

const PRODUCT_STEPS: [string, string][] = [
  ['ACCOUNTS', 'ACCOUNTS_IN_PROGRESS'],
  ['CREDIT_CARDS', 'CREDITCARDS_IN_PROGRESS'],
  ['TRANSACTIONS', 'TRANSACTIONS_IN_PROGRESS'],
  ['INVESTMENTS', 'INVESTMENTS_IN_PROGRESS'],
  ['IDENTITY', 'IDENTITY_IN_PROGRESS'],
];

type SuccessScenario = Extract<Scenario, { kind: 'success' }>;

export interface ItemExecution {
  /** Starts a run: a new item (CREATING) or an update of an existing one. */
  start(item: ItemRecord, kind: 'create' | 'update', triggeredBy: TriggeredBy): void;
  /** Continues a run that waits for MFA input with the user's answer (already validated as present). */
  answerMfa(item: ItemRecord, value: string): void;
}

export function createItemExecution(ctx: EmulatorContext): ItemExecution {
  const nowIso = () => toIso(ctx.clock.now());

  const touch = (item: ItemRecord, executionStatus: string) => {
    item.executionStatus = executionStatus;
    item.updatedAt = nowIso();
  };

  /** Runs `step` after one step delay, unless the item was deleted or a newer run replaced this one. */
  const later = (item: ItemRecord, delayMs: number, step: () => void) => {
    const runId = item.runId;
    item.pending = ctx.clock.scheduleIn(delayMs, () => {
      item.pending = null;
      if (item.runId !== runId || ctx.items.find(item.id) !== item) return;
      step();
    });
  };
  const next = (item: ItemRecord, step: () => void) => later(item, ctx.settings.stepDelayMs, step);

  const fail = (item: ItemRecord, outcome: ErrorOutcome) => {
    const status = statusForError(outcome.code);
    item.status = status;
    touch(item, outcome.code);
    item.error = {
      code: outcome.code,
      message: ERROR_MESSAGES[outcome.code],
      ...(outcome.providerMessage ? { providerMessage: outcome.providerMessage } : {}),
    };
    item.parameter = null;
    item.statusDetail = null;
    if (status === 'LOGIN_ERROR') {
      item.consecutiveFailedLoginAttempts += 1;
      item.nextAutoSyncAt = null;
    } else {
      item.nextAutoSyncAt = toIso(ctx.clock.now() + AUTO_SYNC_INTERVAL_MS);
    }
    emitItemEvent(ctx, item, 'item/error');
  };

  const finish = (item: ItemRecord, scenario: SuccessScenario) => {
    const now = ctx.clock.now();
    const connector = ctx.connectors.get(item.connectorId);
    ctx.data.ensure({
      itemId: item.id,
      nowMs: now,
      business: connector.type === 'BUSINESS_BANK',
      products: item.products,
      includeChecking: scenario.accounts !== 'failed',
      perfMultiplier: scenario.perfMultiplier,
      transactionsCap: scenario.perfMultiplier > 1 ? PERF_TRANSACTIONS_CAP : Number.POSITIVE_INFINITY,
    });
    item.status = 'UPDATED';
    touch(item, scenario.accounts === 'failed' ? 'PARTIAL_SUCCESS' : 'SUCCESS');
    item.error = null;
    item.parameter = null;
    item.statusDetail = statusDetailFor(scenario.accounts, item.products, toIso(now));
    item.lastUpdatedAt = toIso(now);
    item.nextAutoSyncAt = toIso(now + AUTO_SYNC_INTERVAL_MS);
    item.consecutiveFailedLoginAttempts = 0;
    emitItemEvent(ctx, item, 'item/updated');
  };

  const collect = (item: ItemRecord, scenario: SuccessScenario) => {
    emitItemEvent(ctx, item, 'item/login_succeeded');
    const steps = PRODUCT_STEPS.filter(([product]) => item.products.includes(product)).map(
      ([, status]) => status,
    );
    const walk = (index: number) => {
      const status = steps[index];
      if (status === undefined) {
        finish(item, scenario);
        return;
      }
      touch(item, status);
      next(item, () => walk(index + 1));
    };
    walk(0);
  };

  const waitForInput = (item: ItemRecord, scenario: SuccessScenario) => {
    item.status = 'WAITING_USER_INPUT';
    touch(item, 'WAITING_USER_INPUT');
    item.parameter = mfaParameter(scenario.selectMfa, ctx.clock.now());
    emitItemEvent(ctx, item, 'item/waiting_user_input');
    later(item, MFA_INPUT_TIMEOUT_MS, () => fail(item, { code: 'USER_INPUT_TIMEOUT' }));
  };

  const logIn = (item: ItemRecord) => {
    const scenario = scenarioFor(item.parameters.user, item.parameters.password);
    if (scenario.kind === 'error') {
      fail(item, scenario.error);
      return;
    }
    const mfa = ctx.connectors.mfaMode(item.connectorId);
    if (mfa === 'one-step' && item.parameters.token !== SANDBOX_MFA_CODE) {
      fail(item, { code: 'INVALID_CREDENTIALS_MFA' });
    } else if (mfa === 'two-step') {
      waitForInput(item, scenario);
    } else {
      collect(item, scenario);
    }
  };

  return {
    start(item, kind, triggeredBy) {
      item.pending?.cancel();
      item.runId += 1;
      item.triggeredBy = triggeredBy;
      item.status = 'UPDATING';
      item.error = null;
      item.parameter = null;
      touch(item, kind === 'create' ? 'CREATING' : 'LOGIN_IN_PROGRESS');
      if (kind === 'create') {
        next(item, () => {
          touch(item, 'LOGIN_IN_PROGRESS');
          next(item, () => logIn(item));
        });
      } else {
        next(item, () => logIn(item));
      }
    },
    answerMfa(item, value) {
      const parameter = item.parameter;
      item.pending?.cancel();
      item.status = 'UPDATING';
      item.parameter = null;
      touch(item, 'LOGIN_MFA_IN_PROGRESS');
      next(item, () => {
        const scenario = scenarioFor(item.parameters.user, item.parameters.password);
        if (!parameter || scenario.kind === 'error' || !isAcceptedMfaAnswer(parameter, value)) {
          fail(item, { code: 'INVALID_CREDENTIALS_MFA' });
        } else {
          collect(item, scenario);
        }
      });
    },
  };
}
