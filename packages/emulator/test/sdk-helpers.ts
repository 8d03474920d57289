/** Shared by the sdk-*.test.ts files: an emulator plus the official pluggy-sdk client pointed at it. */
import { request } from 'node:http';
import { PluggyClient, type Item } from 'pluggy-sdk';
import { startEmulator, type Emulator, type EmulatorOptions } from '../src/index.js';

export interface SdkHarness {
  emu: Emulator;
  client: PluggyClient;
  /** A new PluggyClient (the SDK reads PLUGGY_API_URL in its constructor, ignoring `baseUrl`). */
  newClient(clientId?: string, clientSecret?: string): PluggyClient;
  stop(): Promise<void>;
}

export async function startSdkHarness(options: EmulatorOptions = {}): Promise<SdkHarness> {
  const emu = await startEmulator(options);
  process.env.PLUGGY_API_URL = emu.apiUrl;
  const newClient = (clientId = emu.clientId, clientSecret = emu.clientSecret) =>
    new PluggyClient({ clientId, clientSecret });
  return { emu, client: newClient(), newClient, stop: () => emu.stop() };
}

const FINAL_STATUSES = new Set(['UPDATED', 'LOGIN_ERROR', 'OUTDATED', 'WAITING_USER_INPUT']);

/** Polls with fetchItem until the item leaves UPDATING (WAITING_USER_INPUT counts as a stop). */
export async function waitForItem(client: PluggyClient, id: string, timeoutMs = 5000): Promise<Item> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const item = await client.fetchItem(id);
    if (FINAL_STATUSES.has(item.status)) return item;
    if (Date.now() > deadline)
      throw new Error(`Item ${id} still ${item.status}/${item.executionStatus} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The JSON answers of the API, loosely typed for assertions. */
export interface ApiBody {
  [field: string]: unknown;
  code?: number;
  codeDescription?: string;
  message?: string;
  details?: { code: string; parameter: string; message: string }[];
  id?: string;
  apiKey?: string;
  accessToken?: string;
  clientUserId?: string | null;
  webhookUrl?: string | null;
  results?: ApiBody[];
  next?: string | null;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  body: ApiBody;
}

/** What an SDK call rejected with (the parsed error body, see pluggy.md §9); fails if it resolved. */
export async function rejectionOf(promise: Promise<unknown>): Promise<ApiBody> {
  try {
    await promise;
  } catch (error) {
    return error as ApiBody;
  }
  throw new Error('expected the call to be rejected');
}

/** A plain HTTP call, for what the SDK cannot send (bad JSON, wrong types) or hides (headers). */
export async function rawCall(
  baseUrl: string,
  method: string,
  path: string,
  options: { apiKey?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const hasBody = options.body !== undefined || options.rawBody !== undefined;
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(hasBody ? { 'Content-Type': 'application/json' } : {}),
      ...(options.apiKey ? { 'X-API-KEY': options.apiKey } : {}),
      ...options.headers,
    },
    ...(hasBody ? { body: options.rawBody ?? JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  let body: ApiBody = { text };
  try {
    body = text ? (JSON.parse(text) as ApiBody) : {};
  } catch {
    // Non-JSON answers stay available as `text`, so a test can assert on them.
  }
  return { status: response.status, headers: response.headers, body };
}

/**
 * `rawCall` sent from another loopback source address (any 127.x.y.z reaches a server bound to 127.0.0.1
 * on Linux), to check what Pluggy counts per source IP.
 */
export function rawCallFrom(
  sourceIp: string,
  baseUrl: string,
  method: string,
  path: string,
  options: { apiKey?: string; body?: unknown } = {},
): Promise<RawResponse> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const call = request(
      new URL(path, baseUrl),
      {
        method,
        localAddress: sourceIp,
        headers: {
          ...(payload === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...(options.apiKey ? { 'X-API-KEY': options.apiKey } : {}),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (typeof value === 'string') headers.set(name, value);
          }
          resolve({
            status: response.statusCode ?? 0,
            headers,
            body: text ? (JSON.parse(text) as ApiBody) : {},
          });
        });
      },
    );
    call.on('error', reject);
    call.end(payload);
  });
}

/** Decodes a JWT payload without verifying it (what the SDK and the Connect widget do). */
export function jwtPayload(
  token: string | undefined,
): Record<string, unknown> & { exp: number; iat: number } {
  const part = token?.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown> & {
    exp: number;
    iat: number;
  };
}

/** A fresh API key for the dev pair, for raw calls. */
export async function fetchApiKey(emu: Emulator): Promise<string> {
  const { body } = await rawCall(emu.apiUrl, 'POST', '/auth', {
    body: { clientId: emu.clientId, clientSecret: emu.clientSecret },
  });
  if (typeof body.apiKey !== 'string') throw new Error(`POST /auth gave no apiKey: ${JSON.stringify(body)}`);
  return body.apiKey;
}
