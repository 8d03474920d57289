import type { Messages } from '../translation.js';

/** English announcements and error texts (loaded with the open flow). */
const en: Messages = {
  loading: 'Opening Pluggy Connect…',
  opened: 'Pluggy Connect opened',
  connected: 'Account connected',
  error: 'Could not connect: {message}',
  errors: {
    TOKEN_FETCH_FAILED: 'the connection could not start. Please try again.',
    UNAUTHENTICATED: 'sign in and try again.',
    TOKEN_EXPIRED: 'the connection session expired. Please try again.',
    WIDGET_LOAD_TIMEOUT: 'Pluggy Connect took too long to open. Please try again.',
    WIDGET_ERROR: 'the institution reported an error.',
    CALLBACK_FAILED: 'the account was connected but not saved. Please try again.',
    INVALID_CONFIG: 'the button is misconfigured.',
    ALREADY_OPEN: 'Pluggy Connect is already open.',
  },
};
export default en;
