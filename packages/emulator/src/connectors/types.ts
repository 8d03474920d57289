/** Pluggy's Connector object (pluggy.md §2.2). */
export type ConnectorHealthStatus = 'ONLINE' | 'UNSTABLE' | 'OFFLINE';

export interface ConnectorCredential {
  label: string;
  name: string;
  type: 'number' | 'password' | 'text' | 'image' | 'select';
  mfa?: boolean;
  placeholder?: string;
  assistiveText?: string;
  validation?: string;
  validationMessage?: string;
  optional?: boolean;
  options?: { value: string; label: string }[];
  instructions?: string;
  expiresAt?: string;
}

export interface Connector {
  id: number;
  name: string;
  institutionUrl: string;
  imageUrl: string;
  primaryColor: string;
  type: 'PERSONAL_BANK' | 'BUSINESS_BANK';
  country: string;
  credentials: ConnectorCredential[];
  hasMFA: boolean;
  oauth: boolean;
  health: { status: ConnectorHealthStatus; stage: null };
  products: string[];
  isSandbox: boolean;
  isOpenFinance: boolean;
  supportsPaymentInitiation: boolean;
  supportsScheduledPayments: boolean;
  supportsSmartTransfers: boolean;
  supportsAutomaticPix: boolean;
  supportsBoletoManagement: boolean;
  resetPasswordUrl?: string;
  createdAt: string;
  updatedAt: string;
}

/** How the sandbox connector asks for MFA (pluggy.md §11). */
export type MfaMode = 'none' | 'one-step' | 'two-step';
