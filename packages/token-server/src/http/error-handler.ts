/**
 * The router's last middleware: every error becomes `{code, message, details?}` with a fitting status.
 * Unknown errors are logged with their stack and answered as a bare 500 (no internals leak).
 */
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { PluggyApiError } from '../pluggy/pluggy-api.js';
import { isStoreUnavailable } from '../store/index.js';
import { HttpError } from './http-error.js';
import { fromPluggyError } from './pluggy-errors.js';

interface BodyParserError {
  type?: string;
  status?: number;
  /** http-errors' flag: the message is meant for the client (its fault, e.g. an undecodable gzip body). */
  expose?: boolean;
}

function toHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (error instanceof PluggyApiError) return fromPluggyError(error);
  if (isStoreUnavailable(error)) {
    return new HttpError(503, 'STORE_UNAVAILABLE', 'Storage is unavailable; try again shortly.', undefined, {
      'Retry-After': '5',
    });
  }
  const parserError = error as BodyParserError | undefined;
  const type = parserError?.type;
  if (type === 'entity.too.large') return new HttpError(413, 'PAYLOAD_TOO_LARGE', 'The body is over 100 KB.');
  if (type === 'entity.parse.failed')
    return new HttpError(400, 'INVALID_JSON', 'The body is not valid JSON.');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported')
    return new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as UTF-8 JSON.');
  const status = parserError?.status;
  if (parserError?.expose === true && typeof status === 'number' && status >= 400 && status < 500)
    return new HttpError(
      status,
      'INVALID_BODY',
      'The body could not be read (it does not decode as its Content-Encoding says, or it was cut short).',
    );
  return undefined;
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const known = toHttpError(error);
    if (!known) {
      logger.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
      res.status(500).json({ code: 'INTERNAL_ERROR', message: 'Something went wrong on the server.' });
      return;
    }
    if (known.status >= 500)
      logger.warn({ code: known.code, cause: (error as Error).message }, 'request failed');
    res.set(known.headers);
    const body: Record<string, unknown> = { code: known.code, message: known.message };
    if (known.details !== undefined) body.details = known.details;
    res.status(known.status).json(body);
  };
}
