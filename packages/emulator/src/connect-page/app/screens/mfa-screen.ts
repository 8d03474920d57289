/// <reference lib="dom" />
/** The MFA prompt built from the item's `parameter` (text or select). */
import { createCredentialForm, type CredentialForm } from '../credential-form.js';
import { h } from '../dom.js';
import type { Messages } from '../i18n/index.js';
import type { ConnectorCredential } from '../pluggy-types.js';

export function renderMfa(
  messages: Messages,
  parameter: ConnectorCredential,
  onSubmit: (values: Record<string, string>) => void,
): { element: HTMLElement; form: CredentialForm } {
  const form = createCredentialForm({
    credentials: [{ ...parameter, mfa: true }],
    messages,
    submitLabel: messages.mfaSubmit,
    onSubmit,
  });
  return { element: h('section', {}, h('h1', {}, messages.mfaTitle), form.element), form };
}
