// Types of chromium.mjs for TypeScript tests and benchmarks.
/** `CHROME_PATH` when set, else Debian's `/usr/bin/chromium`. */
export declare const CHROMIUM_PATH: string;
/** Launch flags: headless, sandbox off (root in containers), no background network. */
export declare const CHROMIUM_ARGS: readonly string[];
