/** A fresh clone has no Connect page bundle: the CLI builds it on start, and the page says when it is missing. */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureConnectPageBundle, isBundleBuilt } from '../src/connect-page/ensure-bundle.js';
import { createConnectPageApp } from '../src/connect-page/server.js';

async function serve(assetsDir: string): Promise<{ base: string; close(): Promise<void> }> {
  const server: Server = createConnectPageApp({ apiUrl: 'http://127.0.0.1:1', assetsDir }).listen(
    0,
    '127.0.0.1',
  );
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('Connect page bundle on a fresh checkout', { timeout: 180_000 }, () => {
  let scratch: string;
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'emulator-bundle-'));
  });
  after(() => rm(scratch, { recursive: true, force: true }));

  it('answers 503 CONNECT_PAGE_NOT_BUILT while the bundle is missing, then builds it once', async () => {
    const assetsDir = join(scratch, 'assets');
    const page = await serve(assetsDir);
    try {
      const missing = await fetch(`${page.base}/`);
      assert.equal(missing.status, 503);
      assert.match(
        await missing.text(),
        /^CONNECT_PAGE_NOT_BUILT: .*pnpm --filter @pluggy-kit\/emulator build/,
      );

      const built = await ensureConnectPageBundle({ assetsDir });
      assert.equal(built.state, 'built', JSON.stringify(built));
      assert.ok(isBundleBuilt(assetsDir));
      // The same server picks the new bundle up: it checks on every request.
      assert.equal((await fetch(`${page.base}/`)).status, 200);
      const script = await fetch(`${page.base}/assets/main.js`);
      assert.equal(script.status, 200);
      assert.match(await script.text(), /pluggy-connect-widget/);

      assert.deepEqual(await ensureConnectPageBundle({ assetsDir }), { state: 'present' }, 'built only once');
    } finally {
      await page.close();
    }
  });

  it('reports why it cannot build (no script, a failing build)', async () => {
    const assetsDir = join(scratch, 'never-built');
    const check = await ensureConnectPageBundle({ assetsDir, buildScript: join(scratch, 'missing.mjs') });
    assert.equal(check.state, 'unavailable');
    assert.match(check.state === 'unavailable' ? check.reason : '', /no build script/);
    // A build that fails (esbuild missing, a syntax error) hands its stderr on.
    const failing = join(scratch, 'failing-build.mjs');
    await writeFile(failing, "console.error('esbuild is not installed'); process.exit(1);\n");
    const failed = await ensureConnectPageBundle({ assetsDir, buildScript: failing });
    assert.deepEqual(failed, { state: 'unavailable', reason: 'esbuild is not installed' });
    assert.equal(isBundleBuilt(assetsDir), false);
  });
});
