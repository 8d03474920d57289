/**
 * JSON bodies only: a body of any other type is a 415 (a `text/plain` "simple" request from a cross-site
 * form never reaches a handler), over 100 KB is a 413, broken JSON a 400 (through the error handler).
 */
import express, { type RequestHandler } from 'express';
import { HttpError } from './http-error.js';

export const MAX_BODY_BYTES = '100kb';

function hasBody(headers: express.Request['headers']): boolean {
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}

export function jsonBody(): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    if (hasBody(req.headers) && !req.is('application/json')) {
      next(new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.'));
      return;
    }
    next();
  };
  return [requireJson, express.json({ limit: MAX_BODY_BYTES, strict: true })];
}
