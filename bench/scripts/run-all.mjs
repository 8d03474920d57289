#!/usr/bin/env node
// Runs every benchmark under bench/<area>/*.ts one after another (they share 2 cores, so never in parallel)
// and prints each one's own report. `pnpm bench emulator` runs only the files whose path contains "emulator".
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const filters = process.argv.slice(2);
const files = readdirSync(benchRoot)
  .filter(
    (area) => !['scripts', 'node_modules'].includes(area) && statSync(join(benchRoot, area)).isDirectory(),
  )
  .flatMap((area) =>
    readdirSync(join(benchRoot, area))
      .filter((f) => f.endsWith('.ts') && !f.startsWith('_') && !f.endsWith('.d.ts'))
      .map((f) => join(benchRoot, area, f)),
  )
  .filter((file) => !filters.length || filters.some((f) => file.includes(f)));

let failures = 0;
for (const file of files) {
  console.log(`\n=== ${relative(benchRoot, file)}`);
  const result = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', file], {
    cwd: benchRoot,
    stdio: 'inherit',
  });
  if (result.status !== 0) failures += 1;
}
console.log(`\nbench: ${files.length - failures} ran, ${failures} failed`);
process.exit(failures ? 1 : 0);
