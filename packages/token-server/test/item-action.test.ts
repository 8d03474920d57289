/**
 * The action the UI is told to offer, over every item status Pluggy documents with every executionStatus
 * and error code it comes with (pluggy.md §3.2), and every connector health (§2.2).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { itemAction, type ItemAction } from '../src/domain/item-action.js';

const IN_PROGRESS = [
  'CREATING',
  'CREATED',
  'LOGIN_IN_PROGRESS',
  'LOGIN_MFA_IN_PROGRESS',
  'ACCOUNTS_IN_PROGRESS',
  'TRANSACTIONS_IN_PROGRESS',
  'PAYMENT_DATA_IN_PROGRESS',
  'CREDITCARDS_IN_PROGRESS',
  'INVESTMENTS_IN_PROGRESS',
  'INVESTMENTS_TRANSACTIONS_IN_PROGRESS',
  'IDENTITY_IN_PROGRESS',
  'LOANS_IN_PROGRESS',
  'ACCOUNT_STATEMENTS_IN_PROGRESS',
  'MOVE_SECURITY_IN_PROGRESS',
];

/** Each finished-with-an-error code, and what an OUTDATED item with it should offer on a healthy connector. */
const OUTDATED_BY_CODE: Record<string, ItemAction> = {
  INVALID_CREDENTIALS: 'reconnect',
  INVALID_CREDENTIALS_MFA: 'reconnect',
  ALREADY_LOGGED_IN: 'reconnect',
  ACCOUNT_LOCKED: 'reconnect',
  ACCOUNT_CREDENTIALS_RESET: 'reconnect',
  ACCOUNT_NEEDS_ACTION: 'reconnect',
  USER_INPUT_TIMEOUT: 'reconnect',
  USER_AUTHORIZATION_PENDING: 'reconnect',
  USER_AUTHORIZATION_NOT_GRANTED: 'reconnect',
  USER_AUTHORIZATION_REVOKED: 'reconnect',
  UNEXPECTED_ERROR: 'retry_later',
  SITE_NOT_AVAILABLE: 'retry_later',
  CONNECTION_ERROR: 'retry_later',
  USER_NOT_SUPPORTED: 'retry_later',
  MERGE_ERROR: 'retry_later',
  ERROR: 'retry_later',
  CREATE_ERROR: 'retry_later',
};
const ERROR_CODES = Object.keys(OUTDATED_BY_CODE);

interface Row {
  status: string;
  executionStatus: string;
  error: { code: string } | null;
  /** On a healthy connector (no report, or ONLINE). */
  expected: ItemAction;
}

const rows: Row[] = [
  { status: 'UPDATED', executionStatus: 'SUCCESS', error: null, expected: 'none' },
  { status: 'UPDATED', executionStatus: 'PARTIAL_SUCCESS', error: null, expected: 'none' },
  ...['UPDATING', 'MERGING'].flatMap((status) =>
    IN_PROGRESS.map((executionStatus): Row => ({ status, executionStatus, error: null, expected: 'wait' })),
  ),
  {
    status: 'WAITING_USER_INPUT',
    executionStatus: 'WAITING_USER_INPUT',
    error: null,
    expected: 'answer_mfa',
  },
  { status: 'WAITING_USER_ACTION', executionStatus: 'WAITING_USER_ACTION', error: null, expected: 'wait' },
  // LOGIN_ERROR: the credentials were refused, whatever the code: only the user can fix it.
  ...ERROR_CODES.map((code): Row => ({
    status: 'LOGIN_ERROR',
    executionStatus: code,
    error: { code },
    expected: 'reconnect',
  })),
  // OUTDATED: by the error code, or by executionStatus when Pluggy sent no error object.
  ...ERROR_CODES.flatMap((code): Row[] => [
    { status: 'OUTDATED', executionStatus: code, error: { code }, expected: OUTDATED_BY_CODE[code]! },
    { status: 'OUTDATED', executionStatus: code, error: null, expected: OUTDATED_BY_CODE[code]! },
  ]),
  { status: 'OUTDATED', executionStatus: 'ERROR', error: { code: 'ACCOUNT_LOCKED' }, expected: 'reconnect' },
  // A status this version does not know: never an action that could make things worse.
  { status: 'SOME_NEW_STATUS', executionStatus: 'SUCCESS', error: null, expected: 'wait' },
];

const IN_ERROR = new Set(['LOGIN_ERROR', 'OUTDATED']);

describe('itemAction', () => {
  it('covers every documented status, executionStatus and error code', () => {
    const statuses = new Set(rows.map((row) => row.status));
    for (const status of [
      'UPDATED',
      'UPDATING',
      'WAITING_USER_INPUT',
      'WAITING_USER_ACTION',
      'MERGING',
      'LOGIN_ERROR',
      'OUTDATED',
    ])
      assert.ok(statuses.has(status), status);
    assert.ok(new Set(rows.map((row) => row.expected)).size === 5, 'every action is reachable');
  });

  for (const connectorStatus of [undefined, null, 'ONLINE', 'UNSTABLE', 'OFFLINE']) {
    it(`maps each combination with the connector ${String(connectorStatus)}`, () => {
      const unhealthy = connectorStatus === 'UNSTABLE' || connectorStatus === 'OFFLINE';
      for (const { expected, ...state } of rows) {
        // A failed item on a connector that is down: reconnecting would fail again, so wait for the bank.
        const want = unhealthy && IN_ERROR.has(state.status) ? 'retry_later' : expected;
        const label = `${state.status}/${state.executionStatus}/${state.error?.code ?? 'no error'}`;
        assert.equal(itemAction({ ...state, connectorStatus }), want, label);
      }
    });
  }
});
