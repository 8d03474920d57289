// Per-run copies of the built example pages, each with the deployment config next to index.html.
import { cp, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const EXAMPLES = ['vanilla', 'vue', 'svelte'];

export async function assertBuilt(root, paths) {
  for (const path of paths) {
    try {
      await stat(join(root, path));
    } catch {
      throw Object.assign(new Error(`${path} is missing: run \`pnpm build\` at the repository root first`), {
        code: 'NOT_BUILT',
      });
    }
  }
}

/**
 * Copies examples/<name>/dist to a temporary directory and writes pluggy-config.json there, so runs on
 * different ports never rewrite the committed build output. `connectUrl` is omitted on real Pluggy.
 */
export async function prepareSite(root, name, config) {
  const dir = await mkdtemp(join(tmpdir(), `pluggy-kit-${name}-`));
  await cp(join(root, 'examples', name, 'dist'), dir, { recursive: true });
  await writeFile(join(dir, 'pluggy-config.json'), `${JSON.stringify(config)}\n`);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
