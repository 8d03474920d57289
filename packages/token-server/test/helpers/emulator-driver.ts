/**
 * Drives the emulator the way Pluggy's other callers would (the Connect widget creating an item with a
 * connect token, the dashboard registering a webhook), with plain HTTP calls in the test.
 */
import type { Emulator } from '@pluggy-kit/emulator';

async function call<T>(emulator: Emulator, path: string, key: string | undefined, body: unknown): Promise<T> {
  const response = await fetch(`${emulator.apiUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as T;
  if (response.status !== 200)
    throw new Error(`emulator ${path} answered ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

export async function apiKeyOf(emulator: Emulator): Promise<string> {
  const { apiKey } = await call<{ apiKey: string }>(emulator, '/auth', undefined, {
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
  });
  return apiKey;
}

/**
 * A connection made with a connect token minted directly at Pluggy (not through the token server), the
 * way another app on the same credentials or a script would: POST /items with a token carrying the options.
 */
export async function connectItem(
  emulator: Emulator,
  options: { clientUserId: string; webhookUrl?: string; user?: string },
): Promise<{ id: string }> {
  const apiKey = await apiKeyOf(emulator);
  const { accessToken } = await call<{ accessToken: string }>(emulator, '/connect_token', apiKey, {
    options: {
      clientUserId: options.clientUserId,
      ...(options.webhookUrl ? { webhookUrl: options.webhookUrl } : {}),
    },
  });
  return connectWithToken(emulator, accessToken, options.user);
}

/** What the Connect widget does after the user logs in with `user` / password-ok: POST /items with the token. */
export function connectWithToken(
  emulator: Emulator,
  accessToken: string,
  user = 'user-ok',
  connectorId = 0,
): Promise<{ id: string }> {
  return call<{ id: string }>(emulator, '/items', accessToken, {
    connectorId,
    parameters: { user, password: 'password-ok' },
  });
}

export async function registerWebhook(
  emulator: Emulator,
  url: string,
  headers: Record<string, string>,
): Promise<void> {
  await call(emulator, '/webhooks', await apiKeyOf(emulator), { event: 'all', url, headers });
}
