// Bundles the Connect page (src/connect-page/main.ts + styles.css) into dist/connect-page/assets, or into
// the directory given with `--outdir DIR` (relative to the package root).
// The page must run the SDK's own zoid 9.0.63, so it imports `initialize` from pluggy-connect-sdk
// and esbuild resolves zoid from the SDK's dependencies (zoid ships UMD only, hence the bundle).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { outdir: { type: 'string' } }, strict: true });

await build({
  absWorkingDir: packageRoot,
  entryPoints: [
    { in: 'src/connect-page/main.ts', out: 'main' },
    { in: 'src/connect-page/styles.css', out: 'main' },
  ],
  outdir: values.outdir ?? 'dist/connect-page/assets',
  bundle: true,
  format: 'iife',
  target: 'es2020',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
});
