/** The parts of Pluggy's API objects the Connect page reads (pluggy.md §2.2 and §3.2). */

export interface CredentialOption {
  value: string;
  label: string;
}

export interface ConnectorCredential {
  name: string;
  label: string;
  type?: string;
  mfa?: boolean;
  assistiveText?: string;
  instructions?: string;
  options?: CredentialOption[];
  validation?: string;
  validationMessage?: string;
  placeholder?: string;
  optional?: boolean;
}

export interface Connector {
  id: number;
  name: string;
  type?: string;
  country?: string;
  primaryColor?: string;
  imageUrl?: string;
  isSandbox?: boolean;
  products?: string[];
  credentials: ConnectorCredential[];
}

export interface PageResponse<T> {
  results: T[];
  page?: number;
  total?: number;
  totalPages?: number;
}

export interface ItemError {
  code: string;
  message: string;
  providerMessage?: string;
}

export interface Item {
  id: string;
  status: string;
  executionStatus: string;
  connector: Connector;
  error: ItemError | null;
  parameter: ConnectorCredential | null;
  userAction?: { instructions?: string } | null;
  [field: string]: unknown;
}

/** Pluggy's error body: `{code, codeDescription?, message, details?}`. */
export interface ApiErrorBody {
  code?: number;
  codeDescription?: string;
  message?: string;
  details?: { code?: string; parameter?: string; message?: string }[];
}
