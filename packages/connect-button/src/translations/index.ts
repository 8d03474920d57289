import en from './en.js';
import es from './es.js';
import pt from './pt.js';
import type { Labels, LanguageCode } from './translation.js';

export type { Labels, LanguageCode, Messages } from './translation.js';

const labels: Record<LanguageCode, Labels> = { pt, en, es };

/** `pt-BR` -> `pt`; undefined for a language without built-in strings. */
export function toLanguageCode(tag: string | null | undefined): LanguageCode | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'pt' || primary === 'en' || primary === 'es' ? primary : undefined;
}

export function labelsFor(language: LanguageCode): Labels {
  return labels[language];
}

/** The nearest `lang` attribute's language (what `language` defaults to), else pt. */
export function inheritedLanguageOf(element: HTMLElement): LanguageCode {
  return (
    toLanguageCode(element.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang) ?? 'pt'
  );
}

/** `language` when it names a built-in language, else the inherited one. */
export function languageOf(element: HTMLElement & { language?: string | undefined }): LanguageCode {
  return toLanguageCode(element.language) ?? inheritedLanguageOf(element);
}
