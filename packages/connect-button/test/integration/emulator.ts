// Browser-side access to the emulator the WTR config started: its URLs, the Connect page's autopilot and the
// sessions it recorded (what the page received from the SDK).

export interface TestConfig {
  apiUrl: string;
  connectUrl: string;
  blackholeUrl: string;
  /** Port of the token routes on another origin of the same host (test/server/cross-origin.ts). */
  crossOriginPort: number;
}

let config: Promise<TestConfig> | undefined;
export function testConfig(): Promise<TestConfig> {
  config ??= fetch('/__config.json').then((response) => response.json() as Promise<TestConfig>);
  return config;
}

export interface AutopilotScript {
  connectorId?: number;
  credentials?: Record<string, string>;
  mfa?: string[];
  finish?: 'stay' | 'close' | 'escape' | 'minimize';
  closeAt?: 'consent';
}

export interface ConnectSession {
  id: string;
  props: Record<string, unknown>;
  callbacks: string[];
  /** Each payload the page passed to onEvent. */
  events: Array<{ event: string; [field: string]: unknown }>;
  result?: 'success' | 'error';
  closed: boolean;
  autopilotError?: string;
}

async function control(method: string, path: string, body?: unknown): Promise<unknown> {
  const { apiUrl } = await testConfig();
  const response = await fetch(`${apiUrl}/__emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok)
    throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

export async function queueAutopilot(script: AutopilotScript): Promise<void> {
  await control('POST', '/connect/autopilot', script);
}

export async function clearAutopilot(): Promise<void> {
  await control('DELETE', '/connect/autopilot');
}

export async function sessions(): Promise<ConnectSession[]> {
  return (await control('GET', '/connect/sessions')) as ConnectSession[];
}
