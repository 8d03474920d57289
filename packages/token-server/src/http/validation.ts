/** Strict request validation: any unknown field or wrong type is a 400 with zod's issues as details. */
import type { z } from 'zod';
import { HttpError } from './http-error.js';

export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  what: string,
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    path: issue.path.join('.'),
    code: issue.code,
    message: issue.message,
  }));
  throw new HttpError(
    400,
    'VALIDATION_FAILED',
    `Invalid ${what}: ${details[0]?.message ?? 'see details'}.`,
    details,
  );
}
