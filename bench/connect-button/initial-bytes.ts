/**
 * Initial bytes (minified + gzip) a page downloads before the button works:
 *   - the element's CDN ES module plus the chunks it imports statically (the open flow and the SDK load later),
 *   - a page importing `pluggy-connect-sdk` eagerly (what hand-written integrations ship),
 *   - react + react-dom + react-pluggy-connect (the official React wrapper).
 * All bundled with esbuild in this run. Targets: <= 9 KB gzip, <= 0.3x the eager SDK, <= 0.12x the React wrapper.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildCdn, cdnDir } from './_cdn.js';

const benchRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_KB = 9;
const TARGET_VS_SDK = 0.3;
const TARGET_VS_REACT = 0.12;

const gzipKb = (code: string | Buffer) => gzipSync(code, { level: 9 }).length / 1024;

/** The entry file and every chunk reachable through static `import ... from "./x.js"` (not `import()`). */
function staticGraph(entry: string): string[] {
  const files = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const code = readFileSync(join(cdnDir, file), 'utf8');
    for (const match of code.matchAll(/(?:from|import)\s*"\.\/([^"]+)"/g)) visit(match[1] as string);
  };
  visit(entry);
  return [...files];
}

async function bundle(contents: string): Promise<string> {
  const result = await build({
    stdin: { contents, resolveDir: benchRoot, loader: 'tsx' },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2021',
    write: false,
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  return result.outputFiles[0]?.text ?? '';
}

buildCdn();
const elementFiles = staticGraph('pluggy-connect-button.js');
const elementKb = elementFiles.reduce((sum, file) => sum + gzipKb(readFileSync(join(cdnDir, file))), 0);

const [eagerSdk, reactWrapper] = await Promise.all([
  bundle(`import { PluggyConnect } from 'pluggy-connect-sdk';
    document.querySelector('button').addEventListener('click', () => new PluggyConnect({ connectToken: 'x' }).init());`),
  bundle(`import { createElement } from 'react';
    import { createRoot } from 'react-dom/client';
    import { PluggyConnect } from 'react-pluggy-connect';
    createRoot(document.getElementById('root')).render(createElement(PluggyConnect, { connectToken: 'x' }));`),
]);
const sdkKb = gzipKb(eagerSdk);
const reactKb = gzipKb(reactWrapper);

const row = (name: string, kb: number) =>
  console.log(`${name.padEnd(48)} ${kb.toFixed(3).padStart(7)} KB gzip`);
console.log('initial bytes (minified + gzip), esbuild, this run');
row(`<pluggy-connect-button> CDN ES module`, elementKb);
console.log(`  counted: ${elementFiles.join(' + ')} (the entry file and what it imports statically)`);
row('eager pluggy-connect-sdk', sdkKb);
row('react + react-dom + react-pluggy-connect', reactKb);

// Four decimals, so a value just over its target never prints as equal to it.
const checks = [
  { name: 'element size', value: elementKb, target: TARGET_KB, unit: ' KB' },
  { name: 'element / eager SDK', value: elementKb / sdkKb, target: TARGET_VS_SDK, unit: 'x' },
  { name: 'element / React wrapper', value: elementKb / reactKb, target: TARGET_VS_REACT, unit: 'x' },
];
let failed = 0;
for (const check of checks) {
  const ok = check.value <= check.target;
  if (!ok) failed += 1;
  console.log(
    `${check.name.padEnd(26)} ${check.value.toFixed(4)}${check.unit} (target <= ${check.target}${check.unit}) ${ok ? 'OK' : 'OVER TARGET'}`,
  );
}
process.exitCode = failed ? 1 : 0;
