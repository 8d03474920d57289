#!/usr/bin/env node
// tsc does not emit hand-written .d.ts files: copy the framework typings next to the compiled attributes.d.ts.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
mkdirSync(join(root, 'dist/types'), { recursive: true });
for (const framework of ['vue', 'svelte', 'react']) {
  copyFileSync(join(root, `src/types/${framework}.d.ts`), join(root, `dist/types/${framework}.d.ts`));
}
