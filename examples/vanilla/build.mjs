// Builds the page into dist/: copies the HTML and CSS, and bundles src/main.js with the element
// (@pluggy-kit/connect-button/define) into one ES module; the Connect SDK stays a lazy chunk.
import { cp, mkdir, rm } from 'node:fs/promises';
import { build } from 'esbuild';

const here = new URL('.', import.meta.url);
const outdir = new URL('dist/', here);

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
await cp(new URL('index.html', here), new URL('index.html', outdir));
await cp(new URL('styles.css', here), new URL('styles.css', outdir));
await build({
  entryPoints: { main: new URL('src/main.js', here).pathname },
  outdir: outdir.pathname,
  bundle: true,
  splitting: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
});
console.log(`built ${outdir.pathname}`);
