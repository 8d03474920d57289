// Browser tests: Lit element + the real pluggy-connect-sdk in Debian Chromium, against the emulator started here.
// Run through `node --conditions=source --import tsx` (see package.json) so the TypeScript helpers load.
import { build } from 'esbuild';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';
import { startBlackhole } from './test/server/blackhole.ts';
import { cdnCopies } from './test/server/cdn-copies.ts';
import { startCrossOriginRoutes } from './test/server/cross-origin.ts';
import { cspPage } from './test/server/csp-page.ts';
import { flakyModules } from './test/server/flaky-modules.ts';
import { startTestEmulator } from './test/server/emulator.ts';
import { testRoutes } from './test/server/test-routes.ts';

const emulator = await startTestEmulator();
const blackhole = await startBlackhole();
const crossOrigin = await startCrossOriginRoutes(() => emulator.mintToken);

// The SDK imports named exports from zoid's UMD file, which a browser cannot load as ESM: serve it pre-bundled.
function prebundle(specifiers) {
  const cache = new Map();
  return {
    name: 'prebundle-sdk',
    resolveImport({ source }) {
      if (specifiers.includes(source)) return `/__prebundled__/${source}.js`;
    },
    async serve(context) {
      const match = /^\/__prebundled__\/(.+)\.js$/.exec(context.path);
      if (!match || !specifiers.includes(match[1])) return;
      if (!cache.has(match[1])) {
        const result = await build({
          stdin: { contents: `export * from '${match[1]}';`, resolveDir: process.cwd(), loader: 'js' },
          bundle: true,
          format: 'esm',
          target: 'es2020',
          write: false,
        });
        cache.set(match[1], result.outputFiles[0].text);
      }
      return { body: cache.get(match[1]), type: 'js' };
    },
  };
}

// Tells tests where the emulator, the never-answering origin and the cross-origin routes are (GET /__config.json).
function testConfig() {
  return {
    name: 'test-config',
    serve(context) {
      if (context.path !== '/__config.json') return;
      const config = {
        apiUrl: emulator.apiUrl,
        connectUrl: emulator.connectUrl,
        blackholeUrl: blackhole.url,
        crossOriginPort: crossOrigin.port,
      };
      return { body: JSON.stringify(config), type: 'json' };
    },
    async serverStop() {
      await Promise.all([emulator.stop(), blackhole.stop(), crossOrigin.stop()]);
    },
  };
}

// WTR's own summary ignores files that failed to import; this line counts them (read by scripts/test-all.mjs).
function plainSummaryReporter() {
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0;
      let failed = 0;
      const walk = (suite) => {
        for (const test of suite.tests) {
          if (test.skipped) continue;
          if (test.passed) passed += 1;
          else failed += 1;
        }
        suite.suites.forEach(walk);
      };
      for (const session of sessions) {
        if (session.testResults) walk(session.testResults);
        if (!session.passed && session.errors?.length) failed += 1;
      }
      globalThis.setTimeout(() => console.log(`\nwtr: ${passed} passed, ${failed} failed`));
    },
  };
}

export default {
  files: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  testsFinishTimeout: 240000,
  testFramework: { config: { timeout: 15000 } },
  middleware: [flakyModules(), cdnCopies(), testRoutes(() => emulator.mintToken), cspPage(() => emulator)],
  plugins: [
    testConfig(),
    prebundle(['pluggy-connect-sdk']),
    esbuildPlugin({ ts: true, tsconfig: new URL('./tsconfig.json', import.meta.url).pathname }),
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] },
    }),
  ],
  filterBrowserLogs: ({ args }) => !String(args[0]).includes('Lit is in dev mode'),
  reporters: [defaultReporter(), plainSummaryReporter()],
};
