#!/usr/bin/env node
/**
 * `pluggy-kit-server`: serve the token server (default), or look after Pluggy webhooks and the inbox.
 * Configuration comes from the environment (see README "Environment").
 */
import { parseArgs } from 'node:util';
import { CliError } from './cli/cli-error.js';
import { printDeadEvents, printStats, requeue } from './cli/inbox-command.js';
import { serve } from './cli/serve.js';
import { clientFor, deleteWebhooks, listWebhooks, registerWebhooks } from './cli/webhooks-command.js';
import { ConfigError, loadPluggyConfig, loadServeConfig, loadStoreConfig } from './config.js';
import { openStore, type Store } from './store/index.js';

const USAGE = `Usage:
  pluggy-kit-server                      serve the token server (env: see README "Environment")
  pluggy-kit-server webhooks register [--replace]
                                         register every handled event at \${PUBLIC_URL}/api/webhooks (idempotent;
                                         --replace swaps existing ones, e.g. after rotating WEBHOOK_SECRET)
  pluggy-kit-server webhooks list        list the webhooks registered at Pluggy
  pluggy-kit-server webhooks delete <id>... | --all
  pluggy-kit-server inbox --dead         list dead webhook events
  pluggy-kit-server inbox requeue <eventId>
  pluggy-kit-server inbox stats          events per status
  pluggy-kit-server --help`;

const print = (line: string) => process.stdout.write(`${line}\n`);

async function withStore(run: (store: Store) => Promise<void>): Promise<void> {
  const config = loadStoreConfig(process.env);
  const store = await openStore(
    config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : { sqliteFile: config.DATABASE_PATH },
  );
  try {
    await run(store);
  } finally {
    await store.close();
  }
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        all: { type: 'boolean' },
        dead: { type: 'boolean' },
        replace: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new CliError((error as Error).message, 2);
  }
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv);
  const [command, action, ...rest] = positionals;
  if (values.help) {
    print(USAGE);
    return;
  }
  if (command === undefined) return serve(loadServeConfig(process.env));
  if (command === 'webhooks') {
    const config = loadPluggyConfig(process.env);
    const pluggy = clientFor(config);
    if (action === 'register')
      return registerWebhooks(pluggy, config, { replace: values.replace === true }, print);
    if (action === 'list') return listWebhooks(pluggy, print);
    if (action === 'delete') return deleteWebhooks(pluggy, rest, values.all === true, print);
  }
  if (command === 'inbox') {
    if (values.dead && action === undefined) return withStore((store) => printDeadEvents(store, print));
    if (action === 'requeue') return withStore((store) => requeue(store, rest[0], print));
    if (action === 'stats') return withStore((store) => printStats(store, print));
  }
  throw new CliError(`unknown command: ${positionals.join(' ') || '(none)'}`, 2);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`pluggy-kit-server: ${error.message}\n`);
    process.exit(1);
  }
  if (error instanceof CliError) {
    process.stderr.write(`pluggy-kit-server: ${error.message}\n${error.exitCode === 2 ? `${USAGE}\n` : ''}`);
    process.exit(error.exitCode);
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  process.stderr.write(`pluggy-kit-server: ${message}\n`);
  process.exit(1);
});
