/// <reference lib="dom" />
/** The login form of one connector, in create or update mode. */
import { createCredentialForm, type CredentialForm } from '../credential-form.js';
import { h } from '../dom.js';
import type { Messages } from '../i18n/index.js';
import type { Connector } from '../pluggy-types.js';

export interface CredentialsScreenOptions {
  messages: Messages;
  connector: Connector;
  updating: boolean;
  initialValues: Record<string, string>;
  onSubmit(values: Record<string, string>): void;
  /** Back to the institution list; absent when there is no list to go back to. */
  onBack: (() => void) | undefined;
}

export function renderCredentials(options: CredentialsScreenOptions): {
  element: HTMLElement;
  form: CredentialForm;
} {
  const { messages, connector } = options;
  const form = createCredentialForm({
    credentials: connector.credentials,
    messages,
    submitLabel: options.updating ? messages.submitUpdate : messages.submitLogin,
    initialValues: options.initialValues,
    onSubmit: options.onSubmit,
  });
  let back: HTMLButtonElement | undefined;
  if (options.onBack) {
    const onBack = options.onBack;
    back = h('button', { type: 'button', class: 'link', 'data-action': 'back' }, messages.back);
    back.addEventListener('click', onBack);
  }
  const title = options.updating
    ? messages.updateTitle(connector.name)
    : messages.credentialsTitle(connector.name);
  return { element: h('section', {}, h('h1', {}, title), form.element, back), form };
}
