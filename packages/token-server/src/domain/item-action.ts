/**
 * What the UI should offer for an item, from Pluggy's status, executionStatus and error code
 * (pluggy.md "Status semantics") and its connector's health: nothing, wait, reconnect with new
 * credentials, answer the MFA question, or try again later (the bank or Pluggy failed; the credentials
 * were fine, or cannot be told apart while the bank's connector is down).
 */
export type ItemAction = 'none' | 'wait' | 'reconnect' | 'answer_mfa' | 'retry_later';

export interface ItemState {
  status: string;
  executionStatus: string;
  error: { code: string } | null;
  /** The connector's last reported health (`ONLINE`, `UNSTABLE`, `OFFLINE`); null or absent when none. */
  connectorStatus?: string | null;
}

// Pluggy refuses connections to an OFFLINE connector and an UNSTABLE one fails at random (pluggy.md §2.2):
// asking the user to type credentials again then only fails again, or blames them for the bank.
const UNHEALTHY_CONNECTOR = new Set(['OFFLINE', 'UNSTABLE']);

// Failures that only the user can fix, by connecting again through the widget.
const USER_FIXES = new Set([
  'INVALID_CREDENTIALS',
  'INVALID_CREDENTIALS_MFA',
  'ACCOUNT_LOCKED',
  'ACCOUNT_CREDENTIALS_RESET',
  'ACCOUNT_NEEDS_ACTION',
  'ALREADY_LOGGED_IN',
  'USER_INPUT_TIMEOUT',
  'USER_AUTHORIZATION_PENDING',
  'USER_AUTHORIZATION_NOT_GRANTED',
  'USER_AUTHORIZATION_REVOKED',
]);

export function itemAction(item: ItemState): ItemAction {
  const inError = item.status === 'LOGIN_ERROR' || item.status === 'OUTDATED';
  if (inError && UNHEALTHY_CONNECTOR.has(item.connectorStatus ?? '')) return 'retry_later';
  switch (item.status) {
    case 'UPDATED':
      return 'none';
    case 'WAITING_USER_INPUT':
      return 'answer_mfa';
    case 'UPDATING':
    case 'MERGING':
    case 'WAITING_USER_ACTION':
      return 'wait';
    case 'LOGIN_ERROR':
      return 'reconnect';
    case 'OUTDATED': {
      const code = item.error?.code ?? item.executionStatus;
      return USER_FIXES.has(code) ? 'reconnect' : 'retry_later';
    }
    default:
      // A status this version does not know: never offer an action that could make things worse.
      return 'wait';
  }
}
