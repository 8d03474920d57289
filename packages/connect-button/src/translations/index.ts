import en from './en.js';
import es from './es.js';
import pt from './pt.js';
import type { LanguageCode, Translation } from './translation.js';

export type { LanguageCode, Translation } from './translation.js';

export const SUPPORTED_LANGUAGES: readonly LanguageCode[] = ['pt', 'en', 'es'];
export const DEFAULT_LANGUAGE: LanguageCode = 'pt';

const tables: Record<LanguageCode, Translation> = { pt, en, es };

/** `pt-BR` -> `pt`; undefined for a language without built-in strings. */
export function toLanguageCode(tag: string | null | undefined): LanguageCode | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return SUPPORTED_LANGUAGES.find((code) => code === primary);
}

export function translationFor(language: LanguageCode): Translation {
  return tables[language];
}
