/// <reference lib="dom" />
/**
 * The frame every screen lives in: a top bar with the close button, the screen area and a footer with
 * "continue in background". Showing a screen moves focus to its heading, so screen readers announce it.
 */
import { h } from './dom.js';
import type { Messages } from './i18n/index.js';

export type ScreenName =
  | 'loading'
  | 'consent'
  | 'connectors'
  | 'credentials'
  | 'progress'
  | 'mfa'
  | 'success'
  | 'error'
  | 'token-error'
  | 'not-embedded';

export interface ShellActions {
  close(): void;
  continueInBackground(): void;
}

export interface Shell {
  show(name: ScreenName, content: HTMLElement): void;
  setBackgroundAllowed(allowed: boolean): void;
  readonly current: { name: ScreenName; seq: number };
}

export function createShell(root: HTMLElement, messages: Messages, actions: ShellActions): Shell {
  const backgroundButton = h(
    'button',
    { type: 'button', class: 'link', 'data-action': 'continue-in-background' },
    messages.continueInBackground,
  );
  const footer = h('footer', { class: 'bottombar', hidden: true }, backgroundButton);
  backgroundButton.addEventListener('click', () => actions.continueInBackground());
  const closeButton = h(
    'button',
    { type: 'button', class: 'topbar-close', 'data-action': 'close' },
    h('span', { 'aria-hidden': 'true' }, '×'),
    h('span', { class: 'visually-hidden' }, messages.close),
  );
  closeButton.addEventListener('click', () => actions.close());

  const screenArea = h('main', { class: 'screen' });
  root.replaceChildren(
    h('header', { class: 'topbar' }, h('span', { class: 'brand' }, messages.brand), closeButton),
    screenArea,
    footer,
  );

  const current = { name: 'loading' as ScreenName, seq: 0 };
  return {
    current,
    show(name, content) {
      current.name = name;
      current.seq += 1;
      screenArea.dataset.screen = name;
      screenArea.dataset.screenSeq = String(current.seq);
      screenArea.replaceChildren(content);
      const heading = content.querySelector<HTMLElement>('h1');
      if (heading) {
        heading.tabIndex = -1;
        heading.focus();
      }
    },
    setBackgroundAllowed(allowed) {
      footer.hidden = !allowed;
    },
  };
}
