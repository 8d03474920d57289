/// <reference lib="dom" />
/**
 * The test hook: tells the emulator's controls what the page received and what it did, so tests can
 * read it from `GET {apiUrl}/__emulator/connect/sessions`. Reports are sent in order, one at a time.
 */
import type { AutopilotScript, ConnectSessionOpening, ConnectSessionUpdate } from '../protocol.js';

export interface SessionReporter {
  report(update: ConnectSessionUpdate): Promise<void>;
}

export interface ConnectControlsClient {
  openSession(opening: ConnectSessionOpening): SessionReporter;
  nextAutopilot(): Promise<AutopilotScript | undefined>;
}

export function createControlsClient(apiUrl: string): ConnectControlsClient {
  const base = `${apiUrl}/__emulator/connect`;
  const send = (method: string, path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  return {
    openSession(opening) {
      // Every later report waits for the session id; a failed hook never breaks the widget itself.
      let chain: Promise<string | undefined> = send('POST', '/sessions', opening)
        .then(async (response) => (response.ok ? ((await response.json()) as { id: string }).id : undefined))
        .catch(() => undefined);
      return {
        report(update) {
          chain = chain.then(async (id) => {
            if (id) await send('PATCH', `/sessions/${id}`, update).catch(() => undefined);
            return id;
          });
          return chain.then(() => undefined);
        },
      };
    },
    async nextAutopilot() {
      try {
        const response = await fetch(`${base}/autopilot/next`);
        return response.status === 200 ? ((await response.json()) as AutopilotScript) : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
