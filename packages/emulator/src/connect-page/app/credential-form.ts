/// <reference lib="dom" />
/**
 * A form generated from Pluggy credential definitions (a connector's `credentials`, or an item's MFA
 * `parameter`): labelled inputs, assistive text, the connector's own validation regex and message
 * shown inline, and a form-level error in an alert region.
 */
import { h, uniqueId } from './dom.js';
import type { Messages } from './i18n/index.js';
import type { ConnectorCredential } from './pluggy-types.js';

export interface CredentialForm {
  element: HTMLFormElement;
  setBusy(busy: boolean): void;
  /** Errors from the API (`details[].parameter`), shown on their fields. */
  showFieldErrors(errors: { parameter: string; message: string }[]): void;
  showFormError(text: string): void;
}

export interface CredentialFormOptions {
  credentials: ConnectorCredential[];
  messages: Messages;
  submitLabel: string;
  initialValues?: Record<string, string>;
  onSubmit(values: Record<string, string>): void;
}

interface Field {
  credential: ConnectorCredential;
  control: HTMLInputElement | HTMLSelectElement;
  setError(text: string | undefined): void;
}

function createControl(credential: ConnectorCredential, id: string, initial: string | undefined) {
  if (credential.type === 'select') {
    const select = h('select', {
      id,
      name: credential.name,
      required: !credential.optional,
      'data-mfa': credential.mfa ? 'true' : undefined,
    });
    for (const option of credential.options ?? []) {
      select.append(h('option', { value: option.value, selected: option.value === initial }, option.label));
    }
    return select;
  }
  const input = h('input', {
    id,
    name: credential.name,
    type: credential.type === 'password' ? 'password' : 'text',
    inputmode: credential.type === 'number' ? 'numeric' : undefined,
    placeholder: credential.placeholder,
    required: !credential.optional,
    autocomplete: credential.mfa
      ? 'one-time-code'
      : credential.type === 'password'
        ? 'current-password'
        : 'off',
    spellcheck: 'false',
    'data-mfa': credential.mfa ? 'true' : undefined,
  });
  if (initial !== undefined) input.value = initial;
  return input;
}

function createField(credential: ConnectorCredential, messages: Messages, initial: string | undefined) {
  const id = uniqueId(`field-${credential.name}`);
  const control = createControl(credential, id, initial);
  const hintText = credential.instructions ?? credential.assistiveText;
  const hint = hintText ? h('p', { id: `${id}-hint`, class: 'field-hint' }, hintText) : undefined;
  const error = h('p', { id: `${id}-error`, class: 'field-error', hidden: true });
  const describe = (withError: boolean) =>
    [hint?.id, withError ? error.id : undefined].filter(Boolean).join(' ') || undefined;
  const described = describe(false);
  if (described) control.setAttribute('aria-describedby', described);

  const element = h(
    'div',
    { class: 'field' },
    h('label', { for: id }, credential.label, credential.optional ? ` ${messages.optional}` : ''),
    hint,
    control,
    error,
  );
  const field: Field = {
    credential,
    control,
    setError(text) {
      error.textContent = text ?? '';
      error.hidden = !text;
      if (text) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
      const describedBy = describe(Boolean(text));
      if (describedBy) control.setAttribute('aria-describedby', describedBy);
      else control.removeAttribute('aria-describedby');
    },
  };
  return { element, field };
}

// Passwords are sent exactly as typed; other values lose stray spaces from copy and paste.
function fieldValue(field: Field): string {
  const raw = field.control.value;
  return field.credential.type === 'password' ? raw : raw.trim();
}

function validate(field: Field, messages: Messages): string | undefined {
  const { credential } = field;
  const value = fieldValue(field);
  if (!value) return credential.optional ? undefined : messages.requiredField(credential.label);
  if (!credential.validation) return undefined;
  let pattern: RegExp;
  try {
    pattern = new RegExp(credential.validation);
  } catch {
    return undefined; // A connector with a broken regex must not block the user.
  }
  return pattern.test(value)
    ? undefined
    : (credential.validationMessage ?? messages.invalidField(credential.label));
}

export function createCredentialForm(options: CredentialFormOptions): CredentialForm {
  const { messages } = options;
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, options.submitLabel);
  const fields: Field[] = [];
  const form = h('form', { class: 'credential-form', novalidate: true });
  for (const credential of options.credentials) {
    const { element, field } = createField(credential, messages, options.initialValues?.[credential.name]);
    fields.push(field);
    form.append(element);
  }
  form.append(formError, submit);

  const showFormError = (text: string) => {
    formError.textContent = text;
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    let firstInvalid: Field | undefined;
    for (const field of fields) {
      const problem = validate(field, messages);
      field.setError(problem);
      if (problem && !firstInvalid) firstInvalid = field;
    }
    if (firstInvalid) {
      showFormError(messages.formHasErrors);
      firstInvalid.control.focus();
      return;
    }
    showFormError('');
    const values: Record<string, string> = {};
    for (const field of fields) {
      const value = fieldValue(field);
      if (value) values[field.credential.name] = value;
    }
    options.onSubmit(values);
  });

  return {
    element: form,
    setBusy(busy) {
      submit.disabled = busy;
      form.setAttribute('aria-busy', String(busy));
    },
    showFieldErrors(errors) {
      let first: Field | undefined;
      for (const { parameter, message } of errors) {
        const field = fields.find((candidate) => candidate.credential.name === parameter);
        field?.setError(message);
        first ??= field;
      }
      first?.control.focus();
    },
    showFormError,
  };
}
