import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';

/** Debian's Chromium (never a downloaded browser); CHROME_PATH overrides the path. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
  });
}

export const ARTIFACTS_DIR = new URL('../artifacts/', import.meta.url);

/** Saves a full-page screenshot of a key state to test/artifacts/<name>.png (gitignored). */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, ARTIFACTS_DIR).pathname, fullPage: true });
}

/** A log sink for one stack's processes: test/artifacts/<name>-stack.log, started afresh per run. */
export function stackLog(name: string): (line: string) => void {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = new URL(`${name}-stack.log`, ARTIFACTS_DIR);
  writeFileSync(file, '');
  return (line) => appendFileSync(file, `${new Date().toISOString()} ${line}\n`);
}
