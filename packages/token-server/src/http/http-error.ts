/** An error answered as `{code, message, details?}` with its HTTP status (and headers such as Retry-After). */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const unauthenticated = () =>
  new HttpError(401, 'UNAUTHENTICATED', 'Sign in first: this route needs the signed-in user.');

/** One answer for "unknown", "malformed-but-valid" and "someone else's": existence never leaks. */
export const itemNotFound = () =>
  new HttpError(404, 'ITEM_NOT_FOUND', 'No such item for the signed-in user.');
