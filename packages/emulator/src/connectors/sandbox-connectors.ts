/**
 * The sandbox "Pluggy Bank" connectors of pluggy.md §11: 0 and 2 personal, 4 MFA 1-step, 5 MFA 2-step,
 * 8 business. Credential definitions follow a captured real response of connector 2 (§2.3).
 */
import type { Connector, ConnectorCredential, MfaMode } from './types.js';

const USER: ConnectorCredential = {
  label: 'User',
  name: 'user',
  type: 'text',
  placeholder: 'user-ok',
  assistiveText: 'Use user-ok for a successful connection (see the sandbox users table)',
  validation: '^user-.{2,50}$',
  validationMessage: 'O user deve começar com "user-"',
};

const PASSWORD: ConnectorCredential = {
  label: 'Password',
  name: 'password',
  type: 'password',
  placeholder: 'password-ok',
  validation: '^.{6,20}$',
  validationMessage: 'A senha deve ter entre 6 e 20 caracteres',
};

const ONE_STEP_TOKEN: ConnectorCredential = {
  label: 'Token',
  name: 'token',
  type: 'number',
  mfa: true,
  placeholder: '123456',
  assistiveText: 'The sandbox token is 123456',
  validation: '^\\d{6}$',
  validationMessage: 'O token deve ter 6 dígitos',
};

const CNPJ: ConnectorCredential = {
  label: 'CNPJ',
  name: 'cnpj',
  type: 'number',
  placeholder: '00000000000000',
  validation: '^\\d{14}$',
  validationMessage: 'O CNPJ deve ter 14 dígitos',
};

const PERSONAL_PRODUCTS = ['ACCOUNTS', 'CREDIT_CARDS', 'TRANSACTIONS', 'INVESTMENTS', 'IDENTITY'];
const CATALOG_DATE = '2020-01-01T00:00:00.000Z';

function sandboxConnector(
  id: number,
  name: string,
  type: Connector['type'],
  credentials: ConnectorCredential[],
  mfa: MfaMode,
): Connector {
  return {
    id,
    name,
    institutionUrl: 'https://pluggy.ai',
    imageUrl: 'https://cdn.pluggy.ai/assets/connector-icons/sandbox.svg',
    primaryColor: 'ef294b',
    type,
    country: 'BR',
    credentials,
    hasMFA: mfa !== 'none',
    oauth: false,
    health: { status: 'ONLINE', stage: null },
    products: PERSONAL_PRODUCTS,
    isSandbox: true,
    isOpenFinance: false,
    supportsPaymentInitiation: false,
    supportsScheduledPayments: false,
    supportsSmartTransfers: false,
    supportsAutomaticPix: false,
    supportsBoletoManagement: false,
    resetPasswordUrl: 'https://pluggy.ai',
    createdAt: CATALOG_DATE,
    updatedAt: CATALOG_DATE,
  };
}

export interface SandboxConnector {
  connector: Connector;
  mfa: MfaMode;
}

export function sandboxConnectors(): SandboxConnector[] {
  const entries: [number, string, Connector['type'], ConnectorCredential[], MfaMode][] = [
    [0, 'Pluggy Bank', 'PERSONAL_BANK', [USER, PASSWORD], 'none'],
    [2, 'Pluggy Bank Pessoal', 'PERSONAL_BANK', [USER, PASSWORD], 'none'],
    [4, 'Pluggy Bank MFA 1-step', 'PERSONAL_BANK', [USER, PASSWORD, ONE_STEP_TOKEN], 'one-step'],
    [5, 'Pluggy Bank MFA 2-step', 'PERSONAL_BANK', [USER, PASSWORD], 'two-step'],
    [8, 'Business Pluggy Bank', 'BUSINESS_BANK', [CNPJ, USER, PASSWORD], 'none'],
  ];
  return entries.map(([id, name, type, credentials, mfa]) => ({
    connector: sandboxConnector(id, name, type, structuredClone(credentials), mfa),
    mfa,
  }));
}
