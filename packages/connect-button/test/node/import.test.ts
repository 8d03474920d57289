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
