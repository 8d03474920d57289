import type { PluggyItem } from './item.js';

/** Stable codes of every failure the element reports through `pluggy-error`. */
export type PluggyErrorCode =
  | 'TOKEN_FETCH_FAILED'
  | 'UNAUTHENTICATED'
  | 'TOKEN_EXPIRED'
  | 'SDK_LOAD_FAILED'
  | 'WIDGET_LOAD_TIMEOUT'
  | 'WIDGET_ERROR'
  | 'CALLBACK_FAILED'
  | 'INVALID_CONFIG'
  | 'ALREADY_OPEN';

/** Where in the open flow the failure happened. */
export type PluggyErrorPhase = 'config' | 'token' | 'sdk' | 'widget' | 'callback';

export interface PluggyErrorInit {
  code: PluggyErrorCode;
  phase: PluggyErrorPhase;
  message: string;
  retryable: boolean;
  item?: PluggyItem;
  /** How long the server asked to wait before trying again (its `Retry-After`), in ms. */
  retryAfterMs?: number | undefined;
  cause?: unknown;
}

export class PluggyConnectError extends Error {
  readonly code: PluggyErrorCode;
  readonly phase: PluggyErrorPhase;
  readonly retryable: boolean;
  readonly item: PluggyItem | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(init: PluggyErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'PluggyConnectError';
    this.code = init.code;
    this.phase = init.phase;
    this.retryable = init.retryable;
    this.item = init.item;
    this.retryAfterMs = init.retryAfterMs;
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
