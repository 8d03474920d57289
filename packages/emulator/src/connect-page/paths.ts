/** Where the Connect page bundle lives and what builds it (both relative to the package root). */
import { fileURLToPath } from 'node:url';

// Both src/connect-page/*.ts (tsx) and dist/connect-page/*.js sit two levels below the package root.
const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

export const CONNECT_PAGE_ASSETS_DIR = `${packageRoot}dist/connect-page/assets`;
/** Present in a source checkout only; a published package ships the bundle already built. */
export const CONNECT_PAGE_BUILD_SCRIPT = `${packageRoot}scripts/build-connect-page.mjs`;
export const PACKAGE_ROOT = packageRoot;
