/** An emulator with a client pair of its own, a temp dir, and the CLI environment that points at them. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '@pluggy-kit/emulator';

export interface CliFixture {
  emulator: Emulator;
  /** PLUGGY_*, DATABASE_PATH, secrets, PORT=0, LOG_LEVEL=warn, and PUBLIC_URL unless left out. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** `name` makes the emulator's client pair, the secrets and the temp dir of one test file recognisable. */
export async function startCliFixture(name: string, { publicUrl = true } = {}): Promise<CliFixture> {
  // Test values for a loopback emulator, not credentials of any real Pluggy account.
  const clientId = `${name}-client`;
  const clientSecret = `${name}-client-secret`;
  const emulator = await startEmulator({ stepDelayMs: 1, clients: [{ clientId, clientSecret }] });
  const dir = mkdtempSync(join(tmpdir(), `kit-${name}-`));
  const env: Record<string, string> = {
    PLUGGY_CLIENT_ID: clientId,
    PLUGGY_CLIENT_SECRET: clientSecret,
    PLUGGY_API_URL: emulator.apiUrl,
    DATABASE_PATH: join(dir, 'kit.sqlite'),
    WEBHOOK_SECRET: `${name}-webhook-secret-0123456789`,
    SESSION_SECRET: `${name}-session-secret-0123456789`,
    ...(publicUrl ? { PUBLIC_URL: 'http://127.0.0.1:9' } : {}),
    PORT: '0',
    LOG_LEVEL: 'warn',
  };
  return {
    emulator,
    env,
    async close() {
      await emulator.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
