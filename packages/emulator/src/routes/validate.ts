/** Request-edge parsing: zod schemas turned into Pluggy's 400 with `details`. */
import type { z } from 'zod';
import { ApiError, detailsFromZod } from '../errors.js';

export function parseBody<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) throw new ApiError(400, `Invalid ${what}`, undefined, detailsFromZod(result.error));
  return result.data;
}

/** A query value as one string (first value when repeated); undefined when absent. */
export function queryString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

/** `a,b` or repeated keys, as the SDK sends lists (comma-joined, not encoded). */
export function queryList(value: unknown): string[] | undefined {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  const list = values
    .flatMap((v) => (typeof v === 'string' ? v.split(',') : []))
    .map((v) => v.trim())
    .filter(Boolean);
  return list.length ? list : undefined;
}

export function queryBoolean(value: unknown, name: string): boolean | undefined {
  const text = queryString(value);
  if (text === undefined) return undefined;
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new ApiError(400, `Query parameter ${name} must be true or false`, undefined, [
    { code: 'invalid_type', parameter: name, message: 'Expected true or false' },
  ]);
}

export function queryInteger(value: unknown, name: string, min: number, max: number): number | undefined {
  const text = queryString(value);
  if (text === undefined) return undefined;
  const number = Number(text);
  if (!/^\d+$/.test(text) || number < min || number > max) {
    throw new ApiError(400, `Query parameter ${name} must be an integer from ${min} to ${max}`, undefined, [
      { code: 'invalid_value', parameter: name, message: `Expected an integer from ${min} to ${max}` },
    ]);
  }
  return number;
}

/** A page of `list` in Pluggy's envelope `{total, totalPages, page, results}`. */
export function pageOf<T>(list: T[], page = 1, pageSize = list.length || 1) {
  return {
    total: list.length,
    totalPages: Math.ceil(list.length / pageSize),
    page,
    results: list.slice((page - 1) * pageSize, page * pageSize),
  };
}
