// custom-elements.json must describe the element as it is: generated here from the sources exactly as the build
// does (same config), then compared with the class and with what the sources render, dispatch and style.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
const source = (path: string) => readFileSync(join(packageRoot, path), 'utf8');

interface Named {
  name: string;
}
interface ManifestModule {
  path: string;
  declarations?: Array<Named & { customElement?: boolean; tagName?: string } & Record<string, unknown>>;
  exports?: Array<Named & { kind: string; declaration: { name: string; module?: string } }>;
}

function generateManifest(): { modules: ManifestModule[] } {
  const outdir = mkdtempSync(join(tmpdir(), 'cem-'));
  try {
    const cem = join(packageRoot, 'node_modules/@custom-elements-manifest/analyzer/cem.js');
    const result = spawnSync(
      process.execPath,
      [cem, 'analyze', '--quiet', '--outdir', relative(packageRoot, outdir)],
      { cwd: packageRoot, encoding: 'utf8' },
    );
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(readFileSync(join(outdir, 'custom-elements.json'), 'utf8')) as {
      modules: ManifestModule[];
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const manifest = generateManifest();
const element = manifest.modules
  .flatMap((module) => module.declarations ?? [])
  .find((declaration) => declaration.customElement && declaration.tagName === 'pluggy-connect-button');
const names = (field: string) => ((element?.[field] as Named[] | undefined) ?? []).map((entry) => entry.name);
const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
const matches = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((match) => match[1] ?? '');

test('the manifest declares <pluggy-connect-button> and the module that defines it', () => {
  assert.ok(element, 'no custom element declaration with tagName pluggy-connect-button');
  const definitions = manifest.modules.flatMap((module) =>
    (module.exports ?? []).filter((entry) => entry.kind === 'custom-element-definition'),
  );
  assert.deepEqual(definitions, [
    {
      kind: 'custom-element-definition',
      name: 'pluggy-connect-button',
      declaration: { name: 'PluggyConnectButton', module: 'src/pluggy-connect-button.ts' },
    },
  ]);
});

test('it lists every attribute the element observes, plus nonce and state, and no other', async () => {
  const { PluggyConnectButton } = await import('@pluggy-kit/connect-button');
  const observed = PluggyConnectButton.observedAttributes;
  assert.ok(observed.length > 20, 'the class observes its attributes');
  // nonce is HTMLElement's own; state is set by the element, never read back.
  assert.deepEqual(sorted(names('attributes')), sorted([...observed, 'nonce', 'state']));
});

test('it lists every event the sources dispatch', () => {
  const files = (dir: string): string[] =>
    readdirSync(join(packageRoot, dir), { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? files(join(dir, entry.name))
        : entry.name.endsWith('.ts')
          ? [join(dir, entry.name)]
          : [],
    );
  const dispatched = files('src').flatMap((file) => matches(source(file), /new CustomEvent\('([a-z-]+)'/g));
  assert.deepEqual(sorted(names('events')), sorted(dispatched));
  assert.equal(sorted(dispatched).length, 6);
});

test('it lists the slots and parts the template renders and the custom properties the styles define', () => {
  const template = source('src/pluggy-connect-button.ts');
  const slots = [
    ...matches(template, /<slot name="([a-z-]+)"/g),
    ...(template.includes('<slot>') ? [''] : []),
  ];
  assert.deepEqual(sorted(names('slots')), sorted(slots));
  assert.deepEqual(sorted(names('cssParts')), sorted(matches(template, /part="([a-z-]+)"/g)));
  const styles = source('src/pluggy-connect-button.styles.ts');
  assert.deepEqual(sorted(names('cssProperties')), sorted(matches(styles, /(--pluggy-button-[a-z-]+):/g)));
});
