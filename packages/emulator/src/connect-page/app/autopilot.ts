/// <reference lib="dom" />
/**
 * Drives the page's own UI from a queued script (POST /__emulator/connect/autopilot), for browser
 * tests whose driver cannot reach into the cross-origin iframe: it clicks the same buttons and types
 * into the same inputs a person would.
 */
import type { AutopilotScript } from '../protocol.js';
import type { ScreenName, Shell } from './shell.js';

const STEP_TIMEOUT_MS = 20_000;
const CHECK_EVERY_MS = 20;

export class AutopilotError extends Error {
  constructor(
    readonly code:
      'AUTOPILOT_TIMEOUT' | 'AUTOPILOT_CONTROL_MISSING' | 'AUTOPILOT_BLOCKED' | 'AUTOPILOT_MFA_MISSING',
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'AutopilotError';
  }
}

function waitUntil<T>(check: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const tick = () => {
      let found: T | undefined;
      try {
        found = check();
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      if (found !== undefined) resolve(found);
      else if (Date.now() > deadline)
        reject(new AutopilotError('AUTOPILOT_TIMEOUT', `waited ${STEP_TIMEOUT_MS} ms for ${what}`));
      else setTimeout(tick, CHECK_EVERY_MS);
    };
    tick();
  });
}

export async function runAutopilot(script: AutopilotScript, root: HTMLElement, shell: Shell): Promise<void> {
  const find = <E extends Element>(selector: string): E => {
    const element = root.querySelector<E>(selector);
    if (!element)
      throw new AutopilotError(
        'AUTOPILOT_CONTROL_MISSING',
        `no ${selector} on the ${shell.current.name} screen`,
      );
    return element;
  };
  const click = (selector: string) => find<HTMLElement>(selector).click();

  /** The next screen among `names` shown after screen number `afterSeq`; a form error on the way is a failure. */
  const nextScreen = (names: ScreenName[], afterSeq: number) =>
    waitUntil(
      () => {
        const { name, seq } = shell.current;
        if (seq > afterSeq && names.includes(name)) return { name, seq };
        const formError = root.querySelector('.form-error')?.textContent;
        if (formError) throw new AutopilotError('AUTOPILOT_BLOCKED', `the form says "${formError}"`);
        return undefined;
      },
      `one of the screens ${names.join(', ')}`,
    );

  const mfaAnswers = [...script.mfa];
  const fill = (control: HTMLInputElement | HTMLSelectElement, value: string) => {
    control.focus();
    control.value = value;
    control.dispatchEvent(new Event('input', { bubbles: true }));
    control.dispatchEvent(new Event('change', { bubbles: true }));
  };
  const answerFor = (control: HTMLInputElement | HTMLSelectElement) => {
    const answer = mfaAnswers.shift();
    if (answer !== undefined) return answer;
    // Any option of a select question succeeds in the sandbox.
    if (control instanceof HTMLSelectElement && control.options[0]) return control.options[0].value;
    throw new AutopilotError('AUTOPILOT_MFA_MISSING', `no MFA answer left for "${control.name}"`);
  };

  let screen = await nextScreen(['consent', 'token-error'], 0);
  if (screen.name !== 'consent')
    throw new AutopilotError('AUTOPILOT_BLOCKED', `the page shows ${screen.name}`);
  if (script.closeAt === 'consent') {
    click('[data-action="close"]');
    return;
  }
  click('[data-action="accept-consent"]');

  screen = await nextScreen(['connectors', 'credentials'], screen.seq);
  if (screen.name === 'connectors') {
    click(`[data-connector-id="${script.connectorId}"]`);
    screen = await nextScreen(['credentials'], screen.seq);
  }
  for (const control of root.querySelectorAll<HTMLInputElement | HTMLSelectElement>('form [name]')) {
    const value =
      script.credentials[control.name] ?? (control.dataset.mfa === 'true' ? answerFor(control) : undefined);
    if (value !== undefined) fill(control, value);
  }
  click('form button[type="submit"]');

  for (;;) {
    screen = await nextScreen(['mfa', 'success', 'error', 'token-error'], screen.seq);
    if (screen.name !== 'mfa') break;
    const control = find<HTMLInputElement | HTMLSelectElement>('form [name]');
    fill(control, answerFor(control));
    click('form button[type="submit"]');
  }

  switch (script.finish) {
    case 'close':
      click('[data-action="close"]');
      break;
    case 'escape':
      (document.activeElement ?? document.body).dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }),
      );
      break;
    case 'minimize': {
      const button = find<HTMLButtonElement>('[data-action="continue-in-background"]');
      if (button.closest('[hidden]'))
        throw new AutopilotError(
          'AUTOPILOT_BLOCKED',
          'continue in background needs allowConnectInBackground',
        );
      button.click();
      break;
    }
    default:
      break;
  }
}
