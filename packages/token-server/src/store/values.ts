/** Conversions between Pluggy values and column values. */

/** Pluggy dates arrive as `Date` (SDK types) or ISO strings (raw JSON); columns hold ISO text. */
export function toIsoDate(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function toIsoDateOrNull(value: Date | string | null | undefined): string | null {
  return value === null || value === undefined ? null : toIsoDate(value);
}

export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function fromJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

/** Splits rows so one statement stays well under SQLite's bound-parameter limit. */
export function chunks<T>(rows: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < rows.length; start += size) result.push(rows.slice(start, start + size));
  return result;
}
