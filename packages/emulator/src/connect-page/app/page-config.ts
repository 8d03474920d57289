/// <reference lib="dom" />
/** Reads the JSON the emulator server injects into the page shell (`ConnectPageConfig`). */
import type { ConnectPageConfig } from '../protocol.js';

export function readPageConfig(doc: Document): ConnectPageConfig {
  const text = doc.getElementById('connect-page-config')?.textContent ?? '';
  const parsed = JSON.parse(text) as Partial<ConnectPageConfig>;
  if (typeof parsed.apiUrl !== 'string')
    throw new Error('CONNECT_PAGE_CONFIG_MISSING: the page shell has no apiUrl');
  return { apiUrl: parsed.apiUrl };
}
