/**
 * The sandbox usernames of pluggy.md table 2.4 and what each run ends in. Password `password-ok`,
 * MFA code `123456`; any other username or password ends in INVALID_CREDENTIALS.
 */
export const SANDBOX_PASSWORD = 'password-ok';
export const SANDBOX_MFA_CODE = '123456';
/** Transactions per account are multiplied by x for `user-ok-perf-{x}`, up to this many. */
export const PERF_TRANSACTIONS_CAP = 5000;

export type LoginErrorCode =
  | 'INVALID_CREDENTIALS'
  | 'INVALID_CREDENTIALS_MFA'
  | 'ALREADY_LOGGED_IN'
  | 'ACCOUNT_LOCKED'
  | 'UNEXPECTED_ERROR'
  | 'SITE_NOT_AVAILABLE'
  | 'ACCOUNT_NEEDS_ACTION'
  | 'CONNECTION_ERROR'
  | 'ACCOUNT_CREDENTIALS_RESET'
  | 'USER_NOT_SUPPORTED'
  | 'USER_INPUT_TIMEOUT';

export interface ErrorOutcome {
  code: LoginErrorCode;
  providerMessage?: string;
}

export type Scenario =
  | { kind: 'error'; error: ErrorOutcome }
  | {
      kind: 'success';
      /** Which product ends badly (PARTIAL_SUCCESS) or with a warning (SUCCESS + warnings). */
      accounts: 'ok' | 'failed' | 'warning';
      perfMultiplier: number;
      /** Two-step MFA asks a select parameter instead of a text token. */
      selectMfa: boolean;
    };

const ERROR_USERS: Record<string, ErrorOutcome> = {
  'user-logged': { code: 'ALREADY_LOGGED_IN' },
  'user-locked': { code: 'ACCOUNT_LOCKED' },
  'user-error': { code: 'UNEXPECTED_ERROR' },
  'user-unavailable': { code: 'SITE_NOT_AVAILABLE' },
  'user-account-need-actions': { code: 'ACCOUNT_NEEDS_ACTION' },
  'user-account-need-actions-provider-message': {
    code: 'ACCOUNT_NEEDS_ACTION',
    providerMessage: 'Acesse o app do banco e aceite os novos termos de uso para continuar.',
  },
  'user-connection-error': { code: 'CONNECTION_ERROR' },
  'user-account-credentials-reset': { code: 'ACCOUNT_CREDENTIALS_RESET' },
  'user-not-supported': { code: 'USER_NOT_SUPPORTED' },
};

const success = (overrides: Partial<Extract<Scenario, { kind: 'success' }>> = {}): Scenario => ({
  kind: 'success',
  accounts: 'ok',
  perfMultiplier: 1,
  selectMfa: false,
  ...overrides,
});

export function scenarioFor(user: string | undefined, password: string | undefined): Scenario {
  if (password !== SANDBOX_PASSWORD || user === undefined)
    return { kind: 'error', error: { code: 'INVALID_CREDENTIALS' } };
  const errorOutcome = ERROR_USERS[user];
  if (errorOutcome) return { kind: 'error', error: errorOutcome };
  if (user === 'user-ok') return success();
  if (user === 'user-ok-select') return success({ selectMfa: true });
  if (user === 'user-ok-account-error') return success({ accounts: 'failed' });
  if (user === 'user-ok-account-warning') return success({ accounts: 'warning' });
  const perf = /^user-ok-perf-(\d{1,6})$/.exec(user);
  if (perf?.[1] && Number(perf[1]) >= 1) return success({ perfMultiplier: Number(perf[1]) });
  return { kind: 'error', error: { code: 'INVALID_CREDENTIALS' } };
}

/** Credential problems need new input from the user (LOGIN_ERROR); the rest can be retried (OUTDATED). */
const LOGIN_ERROR_CODES = new Set<LoginErrorCode>([
  'INVALID_CREDENTIALS',
  'INVALID_CREDENTIALS_MFA',
  'ACCOUNT_LOCKED',
  'ACCOUNT_NEEDS_ACTION',
  'ACCOUNT_CREDENTIALS_RESET',
  'USER_NOT_SUPPORTED',
]);

export const statusForError = (code: LoginErrorCode): 'LOGIN_ERROR' | 'OUTDATED' =>
  LOGIN_ERROR_CODES.has(code) ? 'LOGIN_ERROR' : 'OUTDATED';

export const ERROR_MESSAGES: Record<LoginErrorCode, string> = {
  INVALID_CREDENTIALS: 'Invalid credentials.',
  INVALID_CREDENTIALS_MFA: 'Invalid MFA token or code.',
  ALREADY_LOGGED_IN: 'The user is already logged in on another session. Try again later.',
  ACCOUNT_LOCKED: 'The account is locked at the institution.',
  UNEXPECTED_ERROR: 'An unexpected error happened while connecting to the institution.',
  SITE_NOT_AVAILABLE: 'The institution site is not available right now.',
  ACCOUNT_NEEDS_ACTION: 'The account needs an action from the user at the institution.',
  CONNECTION_ERROR: 'There was a connection error with the institution.',
  ACCOUNT_CREDENTIALS_RESET:
    'The account credentials were reset; the user must create new ones at the institution.',
  USER_NOT_SUPPORTED: 'This user or account type is not supported by the connector.',
  USER_INPUT_TIMEOUT: 'The user did not provide the requested input in time.',
};
