import type { Translation } from './translation.js';

const en: Translation = {
  language: 'en',
  connect: 'Connect bank account',
  update: 'Update connection',
  loading: 'Opening Pluggy Connect…',
  opened: 'Pluggy Connect opened',
  connected: 'Account connected',
  closed: 'Pluggy Connect closed',
  error: 'Could not connect: {message}',
  required: 'Connect a bank account to continue.',
  errors: {
    TOKEN_FETCH_FAILED: 'the connection could not start. Please try again.',
    UNAUTHENTICATED: 'sign in and try again.',
    TOKEN_EXPIRED: 'the connection session expired. Please try again.',
    SDK_LOAD_FAILED: 'Pluggy Connect did not load. Check your connection and try again.',
    WIDGET_LOAD_TIMEOUT: 'Pluggy Connect took too long to open. Please try again.',
    WIDGET_ERROR: 'the institution reported an error.',
    CALLBACK_FAILED: 'the account was connected but not saved. Please try again.',
    INVALID_CONFIG: 'the button is misconfigured.',
    ALREADY_OPEN: 'Pluggy Connect is already open.',
  },
};
export default en;
