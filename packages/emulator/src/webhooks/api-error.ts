/** Pluggy-shaped error answers for the webhook routes: `{code, message, details?}`. */
import type { NextFunction, Request, Response } from 'express';
import type { ZodError } from 'zod';

export interface ErrorDetail {
  code: string;
  parameter: string;
  message: string;
}

export class WebhookApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 404 | 413,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = 'WebhookApiError';
  }
}

export function detailsFromZod(error: ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({
    code: issue.code,
    parameter: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

function sendApiError(res: Response, error: WebhookApiError): void {
  res.status(error.status).json({
    code: error.status,
    message: error.message,
    ...(error.details ? { details: error.details } : {}),
  });
}

/** Maps body-parser's failures (malformed JSON, oversized body) to Pluggy-shaped errors; null for anything else. */
export function fromBodyParserError(error: unknown): WebhookApiError | null {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed') return new WebhookApiError(400, 'The request body is not valid JSON');
  if (type === 'entity.too.large') return new WebhookApiError(413, 'The request body is too large');
  return null;
}

/** Express error middleware for the webhook routers: Pluggy-shaped answers for the errors they know. */
export function webhookErrorHandler(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  const known = error instanceof WebhookApiError ? error : fromBodyParserError(error);
  if (known) sendApiError(res, known);
  else next(error);
}
