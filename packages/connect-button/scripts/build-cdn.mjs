#!/usr/bin/env node
// CDN builds in dist/cdn/ (each with Lit inside, the SDK never in the initial file):
//   pluggy-connect-button.js       self-defining ES module; its open flow (chunks/) and the SDK (pluggy-connect-sdk.mjs)
//                                  are modules next to it, imported on first use
//   pluggy-connect-button.iife.js  classic script for themes that cannot use modules; loads the file below on use
//   pluggy-connect-sdk.js          the SDK as a classic script defining the `PluggyConnect` global
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist/cdn');
const common = { bundle: true, minify: true, target: 'es2021', legalComments: 'none', logLevel: 'warning' };

// The classic script cannot import a chunk: swap the bundled-SDK import for the sibling-file loader.
const siblingSdk = {
  name: 'sibling-sdk',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /\/sdk-import\.js$/ }, () => ({
      path: join(root, 'src/internal/sdk-import-sibling.ts'),
    }));
  },
};

// The ES build imports the SDK from its own self-contained module, so no helper chunk is shared with it.
const sdkModule = {
  name: 'sdk-module',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^pluggy-connect-sdk$/ }, () => ({
      path: './pluggy-connect-sdk.mjs',
      external: true,
    }));
  },
};

// Lit's css`` is a plain template literal to esbuild: collapse its whitespace.
const compactCss = {
  name: 'compact-css',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /\.styles\.ts$/ }, ({ path }) => ({
      contents: readFileSync(path, 'utf8').replace(
        /css`([^`]*)`/,
        (_, body) => `css\`${body.replace(/\s+/g, ' ')}\``,
      ),
      loader: 'ts',
    }));
  },
};

rmSync(outdir, { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    entryPoints: { 'pluggy-connect-button': join(root, 'src/define.ts') },
    format: 'esm',
    splitting: true,
    chunkNames: '[name]-[hash]',
    plugins: [sdkModule, compactCss],
    outdir,
  }),
  build({
    ...common,
    stdin: { contents: "export * from 'pluggy-connect-sdk';", resolveDir: root, loader: 'js' },
    format: 'esm',
    outfile: join(outdir, 'pluggy-connect-sdk.mjs'),
  }),
  build({
    ...common,
    entryPoints: [join(root, 'src/define.ts')],
    format: 'iife',
    plugins: [siblingSdk, compactCss],
    // Evaluated while the script runs (not at first use), when document.currentScript still names this file.
    inject: [join(root, 'src/internal/sdk-import-sibling.ts')],
    outfile: join(outdir, 'pluggy-connect-button.iife.js'),
  }),
  build({
    ...common,
    stdin: { contents: "export * from 'pluggy-connect-sdk';", resolveDir: root, loader: 'js' },
    format: 'iife',
    globalName: 'PluggyConnect',
    outfile: join(outdir, 'pluggy-connect-sdk.js'),
  }),
]);

for (const file of ['pluggy-connect-button.js', 'pluggy-connect-button.iife.js', 'pluggy-connect-sdk.js']) {
  const bytes = readFileSync(join(outdir, file));
  console.log(
    `dist/cdn/${file}: ${(bytes.length / 1024).toFixed(1)} KB, ${(gzipSync(bytes).length / 1024).toFixed(1)} KB gzip`,
  );
}
