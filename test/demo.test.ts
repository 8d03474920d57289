// `pnpm demo` as a user runs it (without the build step, which the test run has done): it prints the
// three hosts, they answer, and Ctrl-C stops every process it started, each one cleanly.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
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

test('pnpm demo prints the three hosts, serves them, and stops everything cleanly on Ctrl-C', async () => {
  const ports = { server: 0, vue: 0, svelte: 0, emulator: 0, connect: 0 };
  for (const name of Object.keys(ports) as (keyof typeof ports)[]) ports[name] = await freePort();
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
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`demo did not start:\n${output}`)), 60_000);
      demo.stdout.on('data', () => {
        if (output.includes('Press Ctrl-C to stop.')) {
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then((code) => reject(new Error(`demo exited (${code}):\n${output}`)));
    });
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
  assert.equal(await exited, 0, output);
  assert.doesNotMatch(output, /did not stop cleanly/);
  for (const port of Object.values(ports))
    assert.ok(await refused(`http://127.0.0.1:${port}/`), `port ${port} closed`);
});
