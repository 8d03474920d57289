/** Pluggy's one date format, `YYYY-MM-DDTHH:mm:ss.sssZ` (the SDK revives only exactly this shape). */
export const toIso = (ms: number): string => new Date(ms).toISOString();

export const DAY_MS = 24 * 60 * 60 * 1000;
