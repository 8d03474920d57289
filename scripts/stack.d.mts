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
  stop(): Promise<void>;
}

export const ROOT: string;
export const EMULATOR_CLIENT: PluggyClientPair;
export const PLUGGY_API_URL: string;
export function startStack(options?: StackOptions): Promise<Stack>;
