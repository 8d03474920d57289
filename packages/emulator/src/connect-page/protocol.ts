/**
 * Shapes exchanged between the Connect page (browser) and its test controls (Node) under
 * `/__emulator/connect`. Types only, so both sides import it without pulling in runtime code.
 */

export const AUTOPILOT_FINISHES = ['stay', 'close', 'escape', 'minimize'] as const;
export type AutopilotFinish = (typeof AUTOPILOT_FINISHES)[number];

/** A scripted run that the next Connect page load performs on its own UI. */
export interface AutopilotScript {
  connectorId: number;
  /** Values typed into the login form, by credential `name`. */
  credentials: Record<string, string>;
  /** Answers for MFA prompts in order (1-step `mfa` fields on the login form use them too). */
  mfa: string[];
  finish: AutopilotFinish;
  closeAt?: 'consent';
}

export type ConnectResult = 'success' | 'error' | 'closed';

/** What the page passed to `onEventProp`. */
export interface ConnectEventReport {
  event: string;
  timestamp: number;
  [field: string]: unknown;
}

/** Sent once on load: what the page received from the SDK. */
export interface ConnectSessionOpening {
  props: Record<string, unknown>;
  callbacks: string[];
}

/** Sent as the flow advances; `events` are appended, the other fields overwrite. */
export interface ConnectSessionUpdate {
  events?: ConnectEventReport[];
  result?: ConnectResult;
  closed?: boolean;
  hidden?: boolean;
  autopilotError?: string;
}

export interface ConnectSession extends ConnectSessionOpening {
  id: string;
  at: string;
  events: ConnectEventReport[];
  /** `success` or `error` once the flow ends; `closed` when the user closed before either. */
  result?: ConnectResult;
  /** True once the page asked the SDK to close it. */
  closed: boolean;
  /** True once the user chose to continue in the background. */
  hidden: boolean;
  autopilotError?: string;
}

/** Injected by the server into the page shell as JSON (`#connect-page-config`). */
export interface ConnectPageConfig {
  /** The emulator API base URL, without a trailing slash. */
  apiUrl: string;
}
