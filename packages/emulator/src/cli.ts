#!/usr/bin/env node
/** `pluggy-emulator --port 4010 [--connect-port 4011] [--host H] [--client ID:SECRET]... [--strict-webhooks] [--seed N]` */
import { parseArgs } from 'node:util';
import { parseClientPairs } from './auth/clients.js';
import { startEmulator, type EmulatorOptions } from './start-emulator.js';

const USAGE = `Usage: pluggy-emulator [--port 4010] [--connect-port 4011] [--host 127.0.0.1]
                       [--client ID:SECRET]... [--strict-webhooks] [--seed N] [--step-delay-ms N]
Extra client pairs can also come from PLUGGY_EMULATOR_CLIENTS="id:secret,id2:secret2".`;

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
