// `pnpm demo` as a user runs it (without the build step, which the test run has done): it prints the
// three hosts, they answer, and Ctrl-C stops every process it started, each one cleanly.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort } from '../scripts/stack/processes.mjs';

const DEMO = fileURLToPath(new URL('../scripts/demo.mjs', import.meta.url));

async function refused(url: string): Promise<boolean> {
  return fetch(url).then(
    () => false,
    () => true,
  );
}

type DemoPorts = Record<'server' | 'vue' | 'svelte' | 'emulator' | 'connect', number>;

async function freePorts(): Promise<DemoPorts> {
  const ports = { server: 0, vue: 0, svelte: 0, emulator: 0, connect: 0 };
  for (const name of Object.keys(ports) as (keyof DemoPorts)[]) ports[name] = await freePort();
  return ports;
}

/** `pnpm demo --no-build` on these ports, as a terminal runs it (its own foreground process group). */
function spawnDemo(ports: DemoPorts) {
  const demo = spawn(process.execPath, [DEMO, '--no-build'], {
    env: {
      ...process.env,
      PLUGGY_CLIENT_ID: '',
      PLUGGY_CLIENT_SECRET: '',
      DEMO_PORTS: Object.entries(ports)
        .map(([name, port]) => `${name}=${port}`)
        .join(','),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A terminal runs the demo as its foreground process group; Ctrl-C sends SIGINT to that whole group.
    detached: true,
  });
  const exited = new Promise<number | null>((resolve) => demo.once('exit', (code) => resolve(code)));
  let output = '';
  demo.stdout.on('data', (chunk) => (output += chunk));
  demo.stderr.on('data', (chunk) => (output += chunk));
  const started = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not start:\n${output}`)), 60_000);
    demo.stdout.on('data', () => {
      if (output.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`demo exited (${code}):\n${output}`));
    });
  });
  started.catch(() => undefined);
  return { demo, exited, started, output: () => output };
}

test('pnpm demo prints the three hosts, serves them, and stops everything cleanly on Ctrl-C', async () => {
  const ports = await freePorts();
  const { demo, exited, started, output: read } = spawnDemo(ports);
  try {
    await started;
    const output = read();
    const hosts = [ports.server, ports.vue, ports.svelte].map((port) => `http://127.0.0.1:${port}`);
    for (const host of hosts) assert.match(output, new RegExp(host.replaceAll('.', '\\.')));
    assert.match(output, /user-ok/);
    assert.match(output, /123456/);
    for (const host of hosts) {
      const response = await fetch(host);
      assert.equal(response.status, 200, host);
      assert.match(await response.text(), /My bank connections/);
    }
    const session = await fetch(`http://127.0.0.1:${ports.vue}/api/session`);
    assert.equal(
      ((await session.json()) as { user: unknown }).user,
      null,
      'the Vue host proxies /api to the token server',
    );
  } finally {
    process.kill(-demo.pid!, 'SIGINT');
  }
  // 0 only if every process it started ended cleanly (the token server drained instead of taking the
  // terminal's SIGINT and the demo's SIGTERM as a double signal and exiting 1).
  assert.equal(await exited, 0, read());
  assert.doesNotMatch(read(), /did not stop cleanly/);
  for (const port of Object.values(ports))
    assert.ok(await refused(`http://127.0.0.1:${port}/`), `port ${port} closed`);
});

test('pnpm demo refuses to start on a port already in use, naming it, and starts nothing', async () => {
  const ports = await freePorts();
  const squatter = createServer().listen(ports.svelte, '127.0.0.1');
  await once(squatter, 'listening');
  try {
    const { exited, output } = spawnDemo(ports);
    assert.equal(await exited, 1, output());
    assert.match(output(), new RegExp(`could not start: port ${ports.svelte} \\(svelte\\) already in use`));
    assert.doesNotMatch(output(), /Press Ctrl-C/);
    for (const port of [ports.server, ports.emulator, ports.vue])
      assert.ok(await refused(`http://127.0.0.1:${port}/`), `port ${port} never opened`);
  } finally {
    squatter.close();
  }
});

test('pnpm demo stops, naming the process, when one of its processes dies', async () => {
  const ports = await freePorts();
  const { exited, started, output } = spawnDemo(ports);
  await started;
  // The emulator is the only child given --connect-port; its command line names the port it serves.
  const listing = execFileSync('ps', ['-eo', 'pid=,args=']).toString();
  const line = listing.split('\n').find((row) => row.includes(`--connect-port ${ports.connect}`));
  assert.ok(line, 'the emulator process is running');
  process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL');
  assert.equal(await exited, 1, output());
  assert.match(output(), /emulator exited \(SIGKILL\); stopping the demo/);
  for (const port of Object.values(ports))
    assert.ok(await refused(`http://127.0.0.1:${port}/`), `port ${port} closed`);
});
