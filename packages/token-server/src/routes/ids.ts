/** Pluggy ids are UUIDs; anything else is refused before it reaches Pluggy or the store. */
import { z } from 'zod';
import { HttpError } from '../http/http-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const itemIdSchema = z.string().regex(UUID, 'itemId must be a Pluggy item id (a UUID)');

export function itemIdParam(value: unknown): string {
  if (typeof value !== 'string' || !UUID.test(value))
    throw new HttpError(400, 'VALIDATION_FAILED', 'The item id in the path must be a UUID.');
  return value;
}
