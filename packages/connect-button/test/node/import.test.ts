// `.` must be importable where there is no DOM (SSR, build tools); `./define` must then do nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';

test('importing the package and ./define in plain Node does not throw', async () => {
  assert.equal(typeof globalThis.document, 'undefined');
  const entry = await import('@pluggy-kit/connect-button');
  assert.equal(typeof entry.PluggyConnectButton, 'function');
  assert.equal(entry.PluggyConnectButton.version, entry.VERSION);
  const define = await import('@pluggy-kit/connect-button/define');
  assert.equal(define.TAG_NAME, 'pluggy-connect-button');
  assert.doesNotThrow(() => define.definePluggyConnectButton());
});
