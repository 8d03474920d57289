// Shared by the bundled-chunk retry tests: a button on the real bundled SDK and the emulator, and the
// dev server's switch that fails module files (test/server/flaky-modules.ts).
import { fixture, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import type { PluggyConnectButton } from '../../src/pluggy-connect-button.js';
import type { PluggyErrorDetail } from '../../src/events/index.js';
import { innerButton, tokenUrl, uniqueKey } from '../helpers.js';
import { testConfig } from './emulator.js';

/** Fails the next `times` GETs of dev-server files whose path contains `fragment`. */
export async function failModule(fragment: string, times = 1): Promise<void> {
  const response = await fetch(`/__flaky-modules?match=${encodeURIComponent(fragment)}&times=${times}`, {
    method: 'POST',
  });
  if (response.status !== 204) throw new Error(`arming ${fragment} answered ${response.status}`);
}

/** Disarms every armed fragment (afterEach: a failing test may leave one unconsumed). */
export async function disarmModules(): Promise<void> {
  await fetch('/__flaky-modules', { method: 'DELETE' });
}

/** GETs of files matching `fragment` since it was armed, failed or served. */
export async function moduleHits(fragment: string): Promise<number> {
  return (await fetch(`/__flaky-modules/hits?match=${encodeURIComponent(fragment)}`)).json();
}

export async function bundledButton(): Promise<PluggyConnectButton> {
  const { connectUrl } = await testConfig();
  const el = await fixture<PluggyConnectButton>(
    `<pluggy-connect-button token-url="${tokenUrl(uniqueKey(), 'emulator')}" connect-url="${connectUrl}" include-sandbox load-timeout="10000" preload="none"></pluggy-connect-button>`,
  );
  await el.updateComplete;
  return el;
}

/** Clicks and resolves with the click's error, or undefined once the widget opened and closed. */
export async function clickOutcome(el: PluggyConnectButton): Promise<PluggyErrorDetail | undefined> {
  const error = oneEvent(el, 'pluggy-error').then(
    (event) => (event as CustomEvent<PluggyErrorDetail>).detail,
  );
  const closed = oneEvent(el, 'pluggy-close').then(() => undefined);
  innerButton(el).click();
  return Promise.race([error, closed]);
}
