import type { PluggyErrorCode } from '../internal/errors.js';

export type LanguageCode = 'pt' | 'en' | 'es';

/** What the button shows and its form validation message. */
export interface Labels {
  connect: string;
  update: string;
  required: string;
}

/** What the live region announces; `{message}` in `error` is replaced by the per-code text. */
export interface Messages {
  loading: string;
  opened: string;
  connected: string;
  error: string;
  errors: Record<PluggyErrorCode, string>;
}
