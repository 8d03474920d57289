/**
 * Reading an item while the widget polls it (pluggy.md §3.2): what the user should see next, and
 * whether the institution login has completed.
 */
import type { Item } from './pluggy-types.js';

export type ItemPhase = 'running' | 'waiting-input' | 'waiting-action' | 'success' | 'error';

const LOGIN_PHASE_STATUSES = new Set([
  'CREATING',
  'CREATED',
  'LOGIN_IN_PROGRESS',
  'LOGIN_MFA_IN_PROGRESS',
  'WAITING_USER_INPUT',
  'WAITING_USER_ACTION',
]);

export function itemPhase(item: Item): ItemPhase {
  switch (item.status) {
    case 'UPDATED':
      return 'success';
    case 'LOGIN_ERROR':
    case 'OUTDATED':
      return 'error';
    case 'WAITING_USER_INPUT':
      return item.parameter ? 'waiting-input' : 'running';
    case 'WAITING_USER_ACTION':
      return 'waiting-action';
    default:
      return 'running';
  }
}

/** True once the institution accepted the login: the run moved on to collecting data, or finished well. */
export function loginCompleted(item: Item): boolean {
  const phase = itemPhase(item);
  if (phase === 'success') return true;
  if (phase !== 'running') return false;
  return item.executionStatus.endsWith('_IN_PROGRESS') && !LOGIN_PHASE_STATUSES.has(item.executionStatus);
}

export function isLoginStep(item: Item): boolean {
  return LOGIN_PHASE_STATUSES.has(item.executionStatus);
}
