#!/usr/bin/env node
// CDN builds in dist/cdn/ (each with Lit inside, the SDK never in the initial file):
//   pluggy-connect-button.js       self-defining ES module; its open flow (connect-controller.js) and the SDK
//                                  (pluggy-connect-sdk.mjs) are self-contained modules next to it, imported by URL on
//                                  first use (so a failed load can be retried under another URL)
//   pluggy-connect-button.iife.js  classic script for themes that cannot use modules; loads the file below on use
//   pluggy-connect-sdk.js          the SDK as a classic script defining the `PluggyConnect` global
import { build, transform } from 'esbuild';
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

// The ES build imports the open flow and the SDK (its own self-contained module) by URL: swap in the loaders.
const importByUrl = {
  name: 'import-by-url',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /\/controller-import\.js$/ }, () => ({
      path: join(root, 'src/internal/controller-import-cdn.ts'),
    }));
    pluginBuild.onResolve({ filter: /\/sdk-import\.js$/ }, () => ({
      path: join(root, 'src/internal/sdk-import-module.ts'),
    }));
  },
};

// Lit's css`` is a plain template literal to esbuild: minify its CSS (it holds no ${} expressions).
const minifyCss = {
  name: 'minify-css',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /\.styles\.ts$/ }, async ({ path }) => {
      const source = readFileSync(path, 'utf8');
      const [whole, body] = /css`([^`]*)`/.exec(source) ?? [];
      if (whole === undefined || body.includes('${'))
        throw new Error(`${path}: expected one css\`\` without expressions`);
      const { code } = await transform(body, { loader: 'css', minify: true });
      return { contents: source.replace(whole, `css\`${code.trim()}\``), loader: 'ts' };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
await Promise.all([
  // Two builds, not one with splitting: the initial file then pulls in no shared chunk (the open flow holds
  // no state the element's file must share; the few helpers both use are small).
  build({
    ...common,
    entryPoints: [join(root, 'src/define.ts')],
    format: 'esm',
    plugins: [importByUrl, minifyCss],
    outfile: join(outdir, 'pluggy-connect-button.js'),
  }),
  build({
    ...common,
    entryPoints: [join(root, 'src/internal/connect-controller.ts')],
    format: 'esm',
    plugins: [importByUrl],
    outfile: join(outdir, 'connect-controller.js'),
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
    plugins: [siblingSdk, minifyCss],
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
