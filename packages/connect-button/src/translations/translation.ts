import type { PluggyErrorCode } from '../internal/errors.js';

export type LanguageCode = 'pt' | 'en' | 'es';

/** One language's built-in strings; `{message}` in `error` is replaced by the per-code text. */
export interface Translation {
  language: LanguageCode;
  connect: string;
  update: string;
  loading: string;
  opened: string;
  connected: string;
  closed: string;
  error: string;
  required: string;
  errors: Record<PluggyErrorCode, string>;
}
