// The emulator's test controls (HTTP under {apiUrl}/__emulator), as the tests use them.

export interface EmulatorItem {
  id: string;
  status: string;
  executionStatus: string;
  clientUserId: string | null;
}

async function control<T>(apiUrl: string, method: 'GET' | 'POST', path: string): Promise<T> {
  const response = await fetch(`${apiUrl}/__emulator${path}`, { method });
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
