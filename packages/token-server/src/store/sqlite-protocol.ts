/** Messages between the store and its SQLite thread (sqlite-thread.ts, sqlite-thread-client.ts). */

export interface SqliteThreadOptions {
  file: string;
  busyTimeoutMs: number;
}

export interface SqliteRequest {
  id: number;
  sql: string;
  parameters: readonly unknown[];
}

export interface SqliteErrorShape {
  name: string;
  message: string;
  /** libsql's code, e.g. `SQLITE_BUSY`, `SQLITE_CONSTRAINT_UNIQUE` (isStoreUnavailable reads it). */
  code?: string;
}

export type SqliteReply =
  | { id: number; rows: unknown[] }
  | { id: number; changes: number; lastInsertRowid: number | bigint }
  | { id: number; error: SqliteErrorShape };

/** The thread's first message: the database is open, or why it is not. */
export type SqliteReadiness = { ready: true } | { ready: false; error: SqliteErrorShape };

export function toErrorShape(error: unknown): SqliteErrorShape {
  const { name, message, code } = (error ?? {}) as { name?: unknown; message?: unknown; code?: unknown };
  return {
    name: typeof name === 'string' ? name : 'Error',
    message: typeof message === 'string' ? message : String(error),
    ...(typeof code === 'string' ? { code } : {}),
  };
}

export function fromErrorShape(shape: SqliteErrorShape): Error {
  const error = new Error(shape.message) as Error & { code?: string };
  error.name = shape.name;
  if (shape.code !== undefined) error.code = shape.code;
  return error;
}
