/** Pluggy's error shape `{code, codeDescription?, message, details?, errorId?}` and the app's last error middleware. */
import type { NextFunction, Request, Response } from 'express';
import type { ZodError } from 'zod';

export interface ErrorDetail {
  code: string;
  parameter: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly codeDescription?: string,
    readonly details?: ErrorDetail[],
    readonly headers: Record<string, string> = {},
    /** A per-response uuid some Pluggy errors carry (e.g. 410 ENDPOINT_DEPRECATED). */
    readonly errorId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const forbidden = (message = 'Forbidden: this resource is not available with the given X-API-KEY') =>
  new ApiError(403, message);

export function detailsFromZod(error: ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({
    code: issue.code,
    parameter: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

export function sendApiError(res: Response, error: ApiError): void {
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  res.status(error.status).json({
    code: error.status,
    ...(error.codeDescription ? { codeDescription: error.codeDescription } : {}),
    message: error.message,
    ...(error.details ? { details: error.details } : {}),
    ...(error.errorId ? { errorId: error.errorId } : {}),
  });
}

/** body-parser's failures (malformed JSON, oversized body, bad charset) as Pluggy-shaped errors. */
function fromBodyParser(error: unknown): ApiError | null {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed')
    return new ApiError(400, 'The request body is not valid JSON', 'INVALID_JSON');
  if (type === 'entity.too.large')
    return new ApiError(413, 'The request body is larger than 1 MB', 'PAYLOAD_TOO_LARGE');
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof type === 'string' && typeof status === 'number' && status >= 400 && status < 500) {
    return new ApiError(status, (error as Error).message);
  }
  return null;
}

export function createErrorHandler(log: (line: string) => void) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const known = error instanceof ApiError ? error : fromBodyParser(error);
    if (known) {
      sendApiError(res, known);
      return;
    }
    log(
      `${req.method} ${req.originalUrl} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    sendApiError(res, new ApiError(500, 'Internal server error'));
  };
}
