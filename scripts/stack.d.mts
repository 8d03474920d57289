// Types of stack.mjs for the TypeScript end-to-end tests.
export interface StackPorts {
  emulator?: number;
  connect?: number;
  server?: number;
  vue?: number;
  svelte?: number;
}

export interface PluggyClientPair {
  clientId: string;
  clientSecret: string;
}

export interface StackOptions {
  ports?: StackPorts;
  viteHosts?: Array<'vue' | 'svelte'>;
  pluggy?: PluggyClientPair;
  emulatorClient?: PluggyClientPair;
  publicUrl?: string;
  webhookSecret?: string;
  /** More environment for the token server, e.g. higher rate limits for tests that drive one user hard. */
  serverEnv?: Record<string, string>;
  log?: (line: string) => void;
}

export interface Stack {
  mode: 'emulator' | 'pluggy';
  apiUrl: string;
  connectUrl: string | undefined;
  serverUrl: string;
  hosts: { vanilla: string; vue?: string; svelte?: string };
  clientId: string;
  clientSecret: string;
  webhookSecret: string;
  /** True when the stack registered the webhooks (always on the emulator; on Pluggy with an HTTPS publicUrl). */
  webhooksRegistered: boolean;
  /** The token server's SQLite file (removed by stop()). */
  databasePath: string;
  /** Resolves when the first of the stack's processes exits (during stop() too): which one, and how. */
  firstExit: Promise<{ name: string; code: number | null; signal: string | null }>;
  /** Stops every process and removes the stack's files; resolves with how each process ended. */
  stop(): Promise<StoppedProcess[]>;
}

export interface StoppedProcess {
  name: string;
  code: number | null;
  signal: string | null;
  /** Exited 0, or by the SIGTERM it was sent (killed by it, or exit code 143). */
  clean: boolean;
}

export const ROOT: string;
export const EMULATOR_CLIENT: PluggyClientPair;
export const PLUGGY_API_URL: string;
export function startStack(options?: StackOptions): Promise<Stack>;
