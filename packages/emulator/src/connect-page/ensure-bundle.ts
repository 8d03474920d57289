/**
 * A fresh clone has no Connect page bundle (dist/ is not committed), and without it the page answers 503
 * CONNECT_PAGE_NOT_BUILT. The CLI calls this on start so `pnpm emulator` works out of the box: it runs the
 * package's own build script (esbuild, a dev dependency present in a checkout) once, when the bundle is missing.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CONNECT_PAGE_ASSETS_DIR, CONNECT_PAGE_BUILD_SCRIPT, PACKAGE_ROOT } from './paths.js';

export type BundleCheck =
  | { state: 'present' }
  | { state: 'built'; durationMs: number }
  /** The page will answer 503 until someone builds it; `reason` says why this could not. */
  | { state: 'unavailable'; reason: string };

export interface EnsureBundleOptions {
  assetsDir?: string;
  buildScript?: string;
}

// esbuild bundles the page in about a second; a slow shared machine gets some slack.
const BUILD_TIMEOUT_MS = 120_000;

export const isBundleBuilt = (assetsDir = CONNECT_PAGE_ASSETS_DIR): boolean =>
  existsSync(`${assetsDir}/main.js`) && existsSync(`${assetsDir}/main.css`);

export async function ensureConnectPageBundle(options: EnsureBundleOptions = {}): Promise<BundleCheck> {
  const assetsDir = options.assetsDir ?? CONNECT_PAGE_ASSETS_DIR;
  const buildScript = options.buildScript ?? CONNECT_PAGE_BUILD_SCRIPT;
  if (isBundleBuilt(assetsDir)) return { state: 'present' };
  if (!existsSync(buildScript)) return { state: 'unavailable', reason: `no build script at ${buildScript}` };
  const started = Date.now();
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        [buildScript, '--outdir', assetsDir],
        { cwd: PACKAGE_ROOT, timeout: BUILD_TIMEOUT_MS },
        (error, _stdout, stderr) => {
          if (error) reject(new Error(stderr.trim() || error.message));
          else resolve();
        },
      );
    });
  } catch (error) {
    return { state: 'unavailable', reason: (error as Error).message };
  }
  if (!isBundleBuilt(assetsDir))
    return { state: 'unavailable', reason: `the build finished but ${assetsDir} has no main.js/main.css` };
  return { state: 'built', durationMs: Date.now() - started };
}
