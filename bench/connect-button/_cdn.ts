// Builds the element's CDN files (packages/connect-button/scripts/build-cdn.mjs) and locates them.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '../../packages/connect-button');
export const cdnDir = join(packageRoot, 'dist/cdn');

export function buildCdn(): void {
  const result = spawnSync(process.execPath, [join(packageRoot, 'scripts/build-cdn.mjs')], { stdio: 'pipe' });
  if (result.status !== 0) throw new Error(`build-cdn failed: ${result.stderr.toString()}`);
}
