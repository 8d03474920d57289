// Starts the emulator for the browser tests and mints real connect tokens from it with the dev client pair,
// which never leaves this Node process.
import { startEmulator } from '@pluggy-kit/emulator';

export interface TestEmulator {
  apiUrl: string;
  connectUrl: string;
  mintToken: (itemId: string | undefined) => Promise<string>;
  stop: () => Promise<void>;
}

async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

export async function startTestEmulator(): Promise<TestEmulator> {
  const emulator = await startEmulator({});
  const mintToken = async (itemId: string | undefined) => {
    const { apiKey } = await postJson(`${emulator.apiUrl}/auth`, {
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
    });
    const { accessToken } = await postJson(`${emulator.apiUrl}/connect_token`, itemId ? { itemId } : {}, {
      'X-API-KEY': String(apiKey),
    });
    return String(accessToken);
  };
  return { apiUrl: emulator.apiUrl, connectUrl: emulator.connectUrl, mintToken, stop: () => emulator.stop() };
}
