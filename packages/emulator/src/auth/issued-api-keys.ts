/**
 * Every API key `POST /auth` issued since start or reset, newest first. Tests use it to prove that no
 * key of a run leaked somewhere it must never be (a browser bundle, a log).
 */
export interface IssuedApiKey {
  apiKey: string;
  clientId: string;
  /** Emulator-clock time of issue, `YYYY-MM-DDTHH:mm:ss.sssZ`. */
  issuedAt: string;
}

export interface IssuedApiKeyLog {
  record(entry: IssuedApiKey): void;
  /** Newest first. */
  list(): IssuedApiKey[];
  clear(): void;
}

/** A run that issues more than this (a benchmark) keeps only the newest, so memory stays bounded. */
export const MAX_REMEMBERED_API_KEYS = 10_000;

export function createIssuedApiKeyLog(): IssuedApiKeyLog {
  let oldestFirst: IssuedApiKey[] = [];
  return {
    record(entry) {
      oldestFirst.push({ ...entry });
      if (oldestFirst.length > MAX_REMEMBERED_API_KEYS)
        oldestFirst = oldestFirst.slice(-MAX_REMEMBERED_API_KEYS);
    },
    list: () => oldestFirst.map((entry) => ({ ...entry })).reverse(),
    clear: () => void (oldestFirst = []),
  };
}
