/// <reference lib="dom" />
import { h } from '../dom.js';
import type { Messages } from '../i18n/index.js';

export function renderProgress(
  messages: Messages,
  connectorName: string,
): { element: HTMLElement; setStep(text: string): void } {
  const step = h('p', { class: 'progress-step', role: 'status' }, messages.progressLogin);
  const element = h(
    'section',
    { 'aria-busy': 'true' },
    h('h1', {}, messages.progressTitle(connectorName)),
    h('div', { class: 'spinner', 'aria-hidden': 'true' }),
    step,
  );
  return {
    element,
    setStep(text) {
      step.textContent = text;
    },
  };
}
