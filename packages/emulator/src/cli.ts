#!/usr/bin/env node
/** `pluggy-emulator [--port N] [--connect-port N] [--host H] [--client ID:SECRET]... [--strict-webhooks] [--seed N]` */
import { parseArgs } from 'node:util';
import { parseClientPairs } from './auth/clients.js';
import { ensureConnectPageBundle, isBundleBuilt } from './connect-page/ensure-bundle.js';
import { startEmulator, type EmulatorOptions } from './start-emulator.js';

const USAGE = `Usage: pluggy-emulator [options]
  --port N             API and test controls port (default 0: a free port; e.g. --port 4010)
  --connect-port N     Connect page port (default 0: a free port; e.g. --connect-port 4011)
  --host H             interface of both servers (default 127.0.0.1)
  --client ID:SECRET   an extra client pair for POST /auth (repeatable)
  --strict-webhooks    Pluggy's webhook URL rules only: HTTPS, port 443, a public domain (default off:
                       loopback http receivers are allowed too)
  --seed N             seed of generated ids and data (default 1)
  --step-delay-ms N    emulator-clock ms between item execution steps (default 20)
  -h, --help           this text
Extra client pairs can also come from PLUGGY_EMULATOR_CLIENTS="id:secret,id2:secret2".
The dev pair dev-client-id / dev-client-secret always works.`;

function portOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--${name} must be a port number (0-65535), got "${value}"`);
  return port;
}

function integerOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0)
    throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  return number;
}

function parseCliOptions(argv: string[], env: NodeJS.ProcessEnv): EmulatorOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'connect-port': { type: 'string' },
      host: { type: 'string' },
      client: { type: 'string', multiple: true },
      'strict-webhooks': { type: 'boolean' },
      seed: { type: 'string' },
      'step-delay-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const clients = [
    ...parseClientPairs(env.PLUGGY_EMULATOR_CLIENTS ?? ''),
    ...(values.client ?? []).flatMap((pair) => parseClientPairs(pair)),
  ];
  const options: EmulatorOptions = { clients, strictWebhooks: values['strict-webhooks'] ?? false };
  const port = portOption(values.port, 'port');
  const connectPort = portOption(values['connect-port'], 'connect-port');
  const seed = integerOption(values.seed, 'seed');
  const stepDelayMs = integerOption(values['step-delay-ms'], 'step-delay-ms');
  if (port !== undefined) options.port = port;
  if (connectPort !== undefined) options.connectPort = connectPort;
  if (values.host !== undefined) options.host = values.host;
  if (seed !== undefined) options.seed = seed;
  if (stepDelayMs !== undefined) options.stepDelayMs = stepDelayMs;
  return options;
}

/** On a fresh clone the Connect page has never been built: build it once, or say how to. */
async function prepareConnectPage(): Promise<void> {
  if (isBundleBuilt()) return;
  console.error('pluggy-emulator: building the Connect page bundle (first start)...');
  const check = await ensureConnectPageBundle();
  if (check.state === 'built') console.error(`pluggy-emulator: Connect page built in ${check.durationMs} ms`);
  if (check.state === 'unavailable') {
    console.error(
      `pluggy-emulator: could not build the Connect page (${check.reason}); it answers 503 CONNECT_PAGE_NOT_BUILT ` +
        'until `pnpm --filter @pluggy-kit/emulator build` has run. The API works without it.',
    );
  }
}

async function main(): Promise<void> {
  let options: EmulatorOptions | 'help';
  try {
    options = parseCliOptions(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`pluggy-emulator: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  await prepareConnectPage();
  const emu = await startEmulator({ ...options, logger: (line) => console.error(line) });
  console.log(`Pluggy emulator API      ${emu.apiUrl}   (PLUGGY_API_URL)`);
  console.log(`Pluggy emulator Connect  ${emu.connectUrl}   (the Connect SDK's url)`);
  console.log(`Client id / secret       ${emu.clientId} / ${emu.clientSecret}`);
  const shutdown = () => {
    emu.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(`pluggy-emulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
