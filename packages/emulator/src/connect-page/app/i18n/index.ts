import { en } from './en.js';
import { es } from './es.js';
import type { Messages } from './messages.js';
import { pt } from './pt.js';

export type { Messages } from './messages.js';

export type Language = 'pt' | 'en' | 'es';

const TABLES: Record<Language, Messages> = { pt, en, es };

/** `pt-BR`, `en-US`, `ES`... match by their primary subtag; anything else falls back to Portuguese. */
export function resolveLanguage(requested: string | undefined): Language {
  const primary = requested?.toLowerCase().split(/[-_]/)[0];
  return primary === 'en' || primary === 'es' || primary === 'pt' ? primary : 'pt';
}

export function messagesFor(language: Language): Messages {
  return TABLES[language];
}
