// Assembles the page in dist/ with no bundler, as a site without a build step would deploy it: the HTML,
// the CSS, the page's own modules (src/) as they are, and the element's CDN build under pluggy/.
import { cp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const here = new URL('.', import.meta.url);
const outdir = new URL('dist/', here);
// The installed package's CDN folder (its `./cdn/*` export), wherever pnpm put it.
const cdnEntry = createRequire(import.meta.url).resolve(
  '@pluggy-kit/connect-button/cdn/pluggy-connect-button.js',
);
const cdnDir = dirname(cdnEntry);

await rm(outdir, { recursive: true, force: true });
await cp(new URL('index.html', here), new URL('index.html', outdir));
await cp(new URL('styles.css', here), new URL('styles.css', outdir));
await cp(new URL('src/', here), new URL('src/', outdir), { recursive: true });
await cp(cdnDir, new URL('pluggy/', outdir), { recursive: true });
console.log(`built ${outdir.pathname}`);
