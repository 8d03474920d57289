import type { PluggyErrorCode } from '../internal/errors.js';

export type LanguageCode = 'pt' | 'en' | 'es';

/** What the button shows, its form validation message, and the one announcement the initial file makes. */
export interface Labels {
  connect: string;
  update: string;
  required: string;
  /** SDK_LOAD_FAILED, announced whole: it must work when the open flow's own chunk did not load. */
  loadFailed: string;
}

/** What the live region announces; `{message}` in `error` is replaced by the per-code text. */
export interface Messages {
  loading: string;
  opened: string;
  connected: string;
  error: string;
  /** Per code; SDK_LOAD_FAILED is `Labels.loadFailed`. */
  errors: Record<Exclude<PluggyErrorCode, 'SDK_LOAD_FAILED'>, string>;
}
