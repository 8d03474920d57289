import { access, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describeHost } from './helpers/scenarios.js';

const DOCS_SCREENSHOT = new URL('../docs/screenshot-vanilla.png', import.meta.url).pathname;

describeHost('vanilla', {
  // The README's screenshot: written once, refreshed only on request so test runs leave the tree clean.
  async onConnected(page) {
    const exists = await access(DOCS_SCREENSHOT).then(
      () => true,
      () => false,
    );
    if (exists && process.env.UPDATE_DOCS_SCREENSHOT !== '1') return;
    await mkdir(dirname(DOCS_SCREENSHOT), { recursive: true });
    await page.screenshot({ path: DOCS_SCREENSHOT });
  },
});
