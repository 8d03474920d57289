// `.` must be importable where there is no DOM (SSR, build tools); `./define` must then do nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

test('the sources of . and ./define import without a DOM', async () => {
  assert.equal(typeof globalThis.document, 'undefined');
  const entry = await import('@pluggy-kit/connect-button');
  assert.equal(typeof entry.PluggyConnectButton, 'function');
  assert.equal(entry.PluggyConnectButton.version, entry.VERSION);
  const define = await import('@pluggy-kit/connect-button/define');
  assert.equal(define.TAG_NAME, 'pluggy-connect-button');
  assert.doesNotThrow(() => define.definePluggyConnectButton());
});

test('the built package imports in plain Node (no TypeScript loader, no export conditions)', () => {
  const script = `
    const entry = await import('@pluggy-kit/connect-button');
    const define = await import('@pluggy-kit/connect-button/define');
    console.log(typeof entry.PluggyConnectButton, define.TAG_NAME);`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    encoding: 'utf8',
  });
  assert.equal(result.stderr, '');
  assert.equal(result.stdout.trim(), 'function pluggy-connect-button');
});

test('./define keeps an existing definition and warns only when its version differs', async (t) => {
  const { definePluggyConnectButton, PluggyConnectButton } =
    await import('@pluggy-kit/connect-button/define');
  const warn = t.mock.method(console, 'warn', () => undefined);
  const registryWith = (existing: unknown) => {
    const defined: unknown[] = [];
    const registry = { get: () => existing, define: (...args: unknown[]) => defined.push(args) };
    return { registry: registry as unknown as CustomElementRegistry, defined };
  };

  const empty = registryWith(undefined);
  definePluggyConnectButton(empty.registry);
  assert.equal(empty.defined.length, 1);

  const same = registryWith(PluggyConnectButton);
  definePluggyConnectButton(same.registry);
  assert.equal(same.defined.length, 0);
  assert.equal(warn.mock.callCount(), 0);

  const older = registryWith(
    class {
      static version = '0.0.1';
    },
  );
  assert.doesNotThrow(() => definePluggyConnectButton(older.registry));
  assert.equal(older.defined.length, 0);
  assert.equal(warn.mock.callCount(), 1);
  assert.match(String(warn.mock.calls[0]?.arguments[0]), /already defined by version 0\.0\.1/);
});
