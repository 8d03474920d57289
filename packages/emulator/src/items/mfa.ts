/** The parameter a two-step MFA item asks for while WAITING_USER_INPUT (pluggy.md §3.2 `parameter`). */
import { toIso } from '../dates.js';
import type { ConnectorCredential } from '../connectors/types.js';
import { SANDBOX_MFA_CODE } from './scenarios.js';

/** How long the user has to answer before the run ends in USER_INPUT_TIMEOUT (emulator clock). */
export const MFA_INPUT_TIMEOUT_MS = 3 * 60 * 1000;

export const SELECT_OPTIONS = [
  { value: 'sms', label: 'SMS para (11) 9****-1234' },
  { value: 'email', label: 'E-mail para a****@example.com' },
  { value: 'app', label: 'Notificação no app do banco' },
];

export function mfaParameter(select: boolean, nowMs: number): ConnectorCredential {
  const expiresAt = toIso(nowMs + MFA_INPUT_TIMEOUT_MS);
  if (select) {
    return {
      name: 'option',
      label: 'Onde você quer receber o código?',
      type: 'select',
      options: SELECT_OPTIONS,
      instructions: 'Escolha um dos dispositivos cadastrados',
      validationMessage: 'Escolha uma das opções',
      expiresAt,
    };
  }
  return {
    name: 'token',
    label: 'Token',
    type: 'text',
    placeholder: SANDBOX_MFA_CODE,
    instructions: 'Digite o código de 6 dígitos enviado por SMS (no sandbox: 123456)',
    validation: '^\\d{6}$',
    validationMessage: 'O token deve ter 6 dígitos',
    expiresAt,
  };
}

/** Any listed option passes the select variant; the text variant needs the sandbox code. */
export function isAcceptedMfaAnswer(parameter: ConnectorCredential, value: string): boolean {
  if (parameter.type === 'select') return (parameter.options ?? []).some((option) => option.value === value);
  return value === SANDBOX_MFA_CODE;
}
