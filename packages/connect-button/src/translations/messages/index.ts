import type { LanguageCode, Messages } from '../translation.js';
import en from './en.js';
import es from './es.js';
import pt from './pt.js';

const messages: Record<LanguageCode, Messages> = { pt, en, es };

export function messagesFor(language: LanguageCode): Messages {
  return messages[language];
}
