// The emulator's test controls (HTTP under {apiUrl}/__emulator), as the tests use them.

export interface EmulatorItem {
  id: string;
  status: string;
  executionStatus: string;
  clientUserId: string | null;
  lastUpdatedAt: string | null;
}

/** How long the emulator's two-step MFA question waits for an answer: 3 min on its clock (its README). */
export const MFA_INPUT_TIMEOUT_MS = 3 * 60 * 1000;

async function control<T>(
  apiUrl: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${apiUrl}/__emulator${path}`, {
    method,
    headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} /__emulator${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

export const emulatorItems = (apiUrl: string) => control<EmulatorItem[]>(apiUrl, 'GET', '/items');

/** An auto-sync at "Pluggy" (triggeredBy SYNC) that adds, changes and removes transactions. */
export const syncItem = (apiUrl: string, itemId: string) =>
  control<{ created: string[]; updated: string[]; deleted: string[] }>(
    apiUrl,
    'POST',
    `/items/${itemId}/sync`,
  );

/** The next `count` API responses under `path` fail with `status` (the emulator's fault injection). */
export const addFault = (
  apiUrl: string,
  fault: { path: string; method?: string; count: number; status: number },
) => control<unknown>(apiUrl, 'POST', '/faults', fault);

export const clearFaults = (apiUrl: string) => control<unknown>(apiUrl, 'DELETE', '/faults');

/** Moves the emulator's clock forward: timers that fall due (e.g. an MFA timeout) fire. */
export const advanceClock = (apiUrl: string, ms: number) =>
  control<{ now: string }>(apiUrl, 'POST', '/clock/advance', { ms });

/** Polls the emulator's copy of an item until `done` holds; answers that copy. */
export async function waitForEmulatorItem(
  apiUrl: string,
  itemId: string,
  done: (item: EmulatorItem) => boolean,
  timeoutMs = 20_000,
): Promise<EmulatorItem> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const item = (await emulatorItems(apiUrl)).find((candidate) => candidate.id === itemId);
    if (item && done(item)) return item;
    if (Date.now() > deadline) throw new Error(`item ${itemId} at the emulator: ${JSON.stringify(item)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
