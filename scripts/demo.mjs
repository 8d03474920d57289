#!/usr/bin/env node
// `pnpm demo`: builds the kit, starts the whole stack on fixed loopback ports and prints where to look.
// With PLUGGY_CLIENT_ID and PLUGGY_CLIENT_SECRET set it talks to Pluggy; otherwise to the emulator.
// Ctrl-C (or SIGTERM) stops every process it started.
import { spawnSync } from 'node:child_process';
import { ROOT, startStack } from './stack.mjs';

const DEFAULT_PORTS = { server: 3000, vue: 5173, svelte: 5174, emulator: 4010, connect: 4011 };

/** DEMO_PORTS="server=3100,vue=5273" moves some of the fixed ports (when the defaults are taken). */
function readPorts(spec = '') {
  const ports = { ...DEFAULT_PORTS };
  for (const pair of spec.split(',').filter(Boolean)) {
    const [name, value] = pair.split('=');
    if (!(name in ports) || !/^\d+$/.test(value ?? '')) {
      console.error(
        `DEMO_PORTS: "${pair}" is not name=port with a name among ${Object.keys(ports).join(', ')}`,
      );
      process.exit(2);
    }
    ports[name] = Number(value);
  }
  return ports;
}

const PORTS = readPorts(process.env.DEMO_PORTS);
const skipBuild = process.argv.includes('--no-build');
const { PLUGGY_CLIENT_ID, PLUGGY_CLIENT_SECRET, PUBLIC_URL, WEBHOOK_SECRET } = process.env;
const pluggy =
  PLUGGY_CLIENT_ID && PLUGGY_CLIENT_SECRET
    ? { clientId: PLUGGY_CLIENT_ID, clientSecret: PLUGGY_CLIENT_SECRET }
    : undefined;

if (!skipBuild) {
  console.log('Building the packages and examples (pnpm build)…');
  const build = spawnSync('pnpm', ['build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const starting = startStack({
  ports: PORTS,
  pluggy,
  publicUrl: PUBLIC_URL,
  webhookSecret: WEBHOOK_SECRET,
  log: (line) => {
    if (process.env.DEMO_VERBOSE) console.log(line);
  },
});

let stopping = false;
async function shutdown(signal, why = `\n${signal}: stopping…`) {
  if (stopping) return;
  stopping = true;
  console.log(why);
  const started = await starting.catch(() => undefined);
  const ended = (await started?.stop()) ?? [];
  const unclean = ended.filter((process) => !process.clean);
  for (const { name, code, signal } of unclean)
    console.error(`  ${name} did not stop cleanly (${signal ?? `exit code ${code}`})`);
  process.exit(unclean.length || signal === 'EXIT' ? 1 : 0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

let stack;
try {
  stack = await starting;
} catch (error) {
  console.error(`The demo could not start: ${error.message}`);
  console.error(
    `Are ports ${Object.values(PORTS).join(', ')} free (DEMO_PORTS moves them)? DEMO_VERBOSE=1 prints each process's log.`,
  );
  process.exit(1);
}

const lines = [
  '',
  `Pluggy Connect Kit demo (${stack.mode === 'emulator' ? 'offline, on the emulator' : 'on Pluggy'})`,
  '',
  `  Plain HTML   ${stack.hosts.vanilla}`,
  `  Vue 3        ${stack.hosts.vue}`,
  `  Svelte 5     ${stack.hosts.svelte}`,
  '',
  `  Token server ${stack.serverUrl}/api  (health: ${stack.serverUrl}/healthz)`,
];
if (stack.mode === 'emulator')
  lines.push(`  Emulator     API ${stack.apiUrl}   Connect page ${stack.connectUrl}`);
// Pluggy's own sandbox has the same banks and users as the emulator's (pluggy.md section 2.4).
lines.push(
  '',
  '  Sign in as alice or bob (demo sign-in), press "Connect bank account" and pick a sandbox bank:',
  '    Pluggy Bank             user-ok / password-ok    connects and syncs',
  '    Pluggy Bank             user-ok / password-bad   fails at login; then "Reconnect" with password-ok',
  '    Pluggy Bank MFA 2-step  user-ok / password-ok    then asks for the code 123456',
);
if (stack.mode === 'emulator') {
  lines.push(`  Trigger an auto-sync:  curl -X POST ${stack.apiUrl}/__emulator/items/<itemId>/sync`);
} else if (stack.webhooksRegistered) {
  lines.push('', `  Pluggy's webhooks are registered at ${PUBLIC_URL}/api/webhooks.`);
} else {
  lines.push(
    '',
    '  Pluggy delivers webhooks only to a public HTTPS URL, so connected banks will not sync yet.',
    `  Expose port ${PORTS.server} (e.g. cloudflared tunnel --url http://127.0.0.1:${PORTS.server}) and restart with`,
    '  PUBLIC_URL=https://<your-tunnel>: the demo then registers the webhooks itself.',
  );
}
lines.push('', 'Press Ctrl-C to stop.', '');
console.log(lines.join('\n'));

// A process that dies while the demo runs (a crash, a port taken after the check) leaves links that no
// longer work: say which one, and stop the rest.
void stack.firstExit.then(({ name, code, signal }) =>
  shutdown(
    'EXIT',
    `\n${name} exited (${signal ?? `exit code ${code}`}); stopping the demo. DEMO_VERBOSE=1 prints each process's log.`,
  ),
);
