/** Pluggy-shaped error answers for the webhook routes: `{code, message, details?}`. */
import type { Response } from 'express';
import type { ZodError } from 'zod';

export interface ErrorDetail {
  code: string;
  parameter: string;
  message: string;
}

export class WebhookApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 404,
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

export function sendApiError(res: Response, error: WebhookApiError): void {
  res.status(error.status).json({
    code: error.status,
    message: error.message,
    ...(error.details ? { details: error.details } : {}),
  });
}
