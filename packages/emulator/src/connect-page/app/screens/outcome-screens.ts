/// <reference lib="dom" />
/** Screens that end or pause the flow: loading, success, error, token problems, opened outside the SDK. */
import { h } from '../dom.js';
import type { Messages } from '../i18n/index.js';

export function renderLoading(messages: Messages): HTMLElement {
  return h(
    'section',
    { 'aria-busy': 'true' },
    h('h1', {}, messages.loading),
    h('div', { class: 'spinner', 'aria-hidden': 'true' }),
  );
}

export function renderSuccess(
  messages: Messages,
  connectorName: string,
  partial: boolean,
  onClose: () => void,
): HTMLElement {
  const done = h('button', { type: 'button', class: 'primary', 'data-action': 'finish' }, messages.close);
  done.addEventListener('click', onClose);
  return h(
    'section',
    {},
    h('div', { class: 'outcome-icon success', 'aria-hidden': 'true' }, '✓'),
    h('h1', {}, messages.successTitle),
    h('p', {}, messages.successBody(connectorName)),
    partial ? h('p', { class: 'note' }, messages.partialSuccessBody) : null,
    done,
  );
}

export function renderError(
  messages: Messages,
  text: string,
  onTryAgain: (() => void) | undefined,
): HTMLElement {
  let retry: HTMLButtonElement | undefined;
  if (onTryAgain) {
    retry = h('button', { type: 'button', class: 'primary', 'data-action': 'try-again' }, messages.tryAgain);
    retry.addEventListener('click', onTryAgain);
  }
  return h(
    'section',
    {},
    h('div', { class: 'outcome-icon error', 'aria-hidden': 'true' }, '!'),
    h('h1', {}, messages.errorTitle),
    h('p', { role: 'alert' }, text),
    retry,
  );
}

export function renderTokenError(messages: Messages, expired: boolean): HTMLElement {
  return h(
    'section',
    {},
    h('div', { class: 'outcome-icon error', 'aria-hidden': 'true' }, '!'),
    h('h1', {}, expired ? messages.tokenExpiredTitle : messages.tokenInvalidTitle),
    h('p', { role: 'alert' }, messages.tokenErrorBody),
  );
}

export function renderNotEmbedded(messages: Messages): HTMLElement {
  return h('section', {}, h('h1', {}, messages.notEmbeddedTitle), h('p', {}, messages.notEmbeddedBody));
}
