/**
 * The CLI's environment, validated at start. A wrong or missing variable stops the process with one
 * line per problem naming the variable; values are never printed (some are secrets).
 */
import { existsSync, statSync } from 'node:fs';
import { z } from 'zod';
import { normalizeOrigins } from './http/origins.js';
import { oauthRedirectProblem } from './http/oauth-redirect.js';
import { isLoopbackUrl, webhookUrlProblem } from './http/webhook-url-rules.js';
import { DEFAULT_PLUGGY_API_URL } from './pluggy/pluggy-client.js';
import { DEFAULT_SQLITE_FILE } from './store/index.js';

const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });
const perMinute = z.coerce
  .number({ message: 'must be a whole number of requests per minute' })
  .int('must be a whole number of requests per minute')
  .min(1, 'must be at least 1 (requests per minute)')
  .max(1_000_000, 'must be at most 1000000 (requests per minute)');
const secret = (what: string) => z.string().min(16, `must be at least 16 characters (${what})`);

const origins = z.string().transform((value, ctx) => {
  const list = value
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  try {
    return [...normalizeOrigins(list)];
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message.replace(/^allowedOrigins: /, '') });
    return z.NEVER;
  }
});

const trustProxy = z.string().transform((value): boolean | number | string => {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return /^\d+$/.test(value) ? Number(value) : value;
});

const directory = z.string().refine((path) => existsSync(path) && statSync(path).isDirectory(), {
  message: 'must be an existing directory',
});

const fields = {
  PLUGGY_CLIENT_ID: z.string({ message: 'is required (your Pluggy client id)' }).min(1),
  PLUGGY_CLIENT_SECRET: z.string({ message: 'is required (your Pluggy client secret)' }).min(1),
  PLUGGY_API_URL: httpUrl.default(DEFAULT_PLUGGY_API_URL),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql:// (unset it to use SQLite)')
    .optional(),
  DATABASE_PATH: z.string().min(1).default(DEFAULT_SQLITE_FILE),
  WEBHOOK_SECRET: secret('generate one with `openssl rand -hex 24`'),
  WEBHOOK_SECRET_PREVIOUS: secret('the secret being rotated out').optional(),
  // Required where webhooks are registered; optional for serving (then no webhooks arrive).
  PUBLIC_URL: httpUrl.optional(),
  OAUTH_REDIRECT_URI: z
    .string()
    .refine((value) => oauthRedirectProblem(value) === null, {
      error: (issue) => oauthRedirectProblem(String(issue.input)) ?? 'is invalid',
    })
    .optional(),
  ALLOWED_ORIGINS: origins.default([]),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  SESSION_SECRET: secret('signs the demo sign-in cookie'),
  STATIC_DIR: directory.optional(),
  CONNECT_URL: httpUrl.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: trustProxy.optional(),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  // Per-minute limits (the router's defaults when unset; see rateLimit in the README).
  RATE_LIMIT_TOKENS_PER_USER: perMinute.optional(),
  RATE_LIMIT_TOKENS_PER_IP: perMinute.optional(),
  RATE_LIMIT_REFRESH_PER_USER: perMinute.optional(),
  RATE_LIMIT_REQUESTS_PER_IP: perMinute.optional(),
  RATE_LIMIT_WEBHOOKS_PER_USER: perMinute.optional(),
  // Unset: allowed unless NODE_ENV=production (the router's default).
  ALLOW_SANDBOX_CONNECTORS: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .transform((value) => value === 'true')
    .optional(),
};

/**
 * PUBLIC_URL is where Pluggy delivers webhooks: with Pluggy's API it must meet Pluggy's URL rules; with a
 * loopback emulator (dev mode), loopback http(s) is fine too.
 */
function checkPublicUrl(
  env: { PLUGGY_API_URL: string; PUBLIC_URL?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (env.PUBLIC_URL === undefined) return;
  const emulator = isLoopbackUrl(env.PLUGGY_API_URL);
  const problem = webhookUrlProblem(env.PUBLIC_URL, emulator ? 'emulator' : 'pluggy');
  if (!problem) return;
  const why = emulator
    ? 'the emulator refuses such webhook URLs'
    : "PLUGGY_API_URL is Pluggy's, which delivers webhooks only to public HTTPS URLs on port 443 (use a tunnel locally)";
  ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: `${problem}: ${why}` });
}

const serveSchema = z.object(fields).superRefine(checkPublicUrl);
const pluggySchema = z
  .object({
    PLUGGY_CLIENT_ID: fields.PLUGGY_CLIENT_ID,
    PLUGGY_CLIENT_SECRET: fields.PLUGGY_CLIENT_SECRET,
    PLUGGY_API_URL: fields.PLUGGY_API_URL,
    PUBLIC_URL: z
      .string({ message: 'is required (the webhooks are registered at ${PUBLIC_URL}/api/webhooks)' })
      .pipe(httpUrl),
    WEBHOOK_SECRET: fields.WEBHOOK_SECRET,
    LOG_LEVEL: fields.LOG_LEVEL,
  })
  .superRefine(checkPublicUrl);
const storeSchema = z.object({ DATABASE_URL: fields.DATABASE_URL, DATABASE_PATH: fields.DATABASE_PATH });

export type ServeConfig = z.output<typeof serveSchema>;
export type PluggyConfig = z.output<typeof pluggySchema>;
export type StoreConfig = z.output<typeof storeSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  }
}

/** Unset and empty are the same thing for an env variable. */
function present(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
    ),
  );
}

function load<Schema extends z.ZodType>(schema: Schema, env: NodeJS.ProcessEnv): z.output<Schema> {
  const result = schema.safeParse(present(env));
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
}

export const loadServeConfig = (env: NodeJS.ProcessEnv): ServeConfig => load(serveSchema, env);
export const loadPluggyConfig = (env: NodeJS.ProcessEnv): PluggyConfig => load(pluggySchema, env);
export const loadStoreConfig = (env: NodeJS.ProcessEnv): StoreConfig => load(storeSchema, env);
