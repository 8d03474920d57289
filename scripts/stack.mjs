// The whole kit on loopback: the emulator (unless Pluggy credentials are given), the token server's CLI
// serving the plain-HTML example, and the Vue and Svelte examples through `vite preview`.
// Used by `pnpm demo` (fixed ports) and by the end-to-end tests (ephemeral ports).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  assertPortsFree,
  freePort,
  runNode,
  startProcess,
  stopProcess,
  waitForHttp,
} from './stack/processes.mjs';
import { assertBuilt, prepareSite } from './stack/sites.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EMULATOR_CLI = 'packages/emulator/dist/cli.js';
const SERVER_CLI = 'packages/token-server/dist/cli.js';
const viteCli = (name) => join(ROOT, 'examples', name, 'node_modules', 'vite', 'bin', 'vite.js');

/** The built-in client pair of the emulator (see packages/emulator/README.md). */
export const EMULATOR_CLIENT = { clientId: 'dev-client-id', clientSecret: 'dev-client-secret' };
export const PLUGGY_API_URL = 'https://api.pluggy.ai';

/**
 * @param {object} [options]
 * @param {{emulator?: number, connect?: number, server?: number, vue?: number, svelte?: number}} [options.ports]
 *   0 or absent = a free ephemeral port
 * @param {Array<'vue'|'svelte'>} [options.viteHosts] which Vite hosts to start (the plain-HTML one is always served)
 * @param {{clientId: string, clientSecret: string}} [options.pluggy] real Pluggy credentials; absent = the emulator
 * @param {{clientId: string, clientSecret: string}} [options.emulatorClient] an extra client pair for the emulator
 *   (the tests use a random one per run); absent = the emulator's built-in dev pair
 * @param {string} [options.publicUrl] the token server's public URL (real Pluggy needs public HTTPS for webhooks)
 * @param {string} [options.webhookSecret] the secret Pluggy's webhook deliveries carry; absent = a random one per run
 * @param {Record<string, string>} [options.serverEnv] more environment for the token server (e.g. higher rate limits)
 * @param {(line: string) => void} [options.log]
 */
export async function startStack(options = {}) {
  const { ports = {}, viteHosts = ['vue', 'svelte'], pluggy, log = () => {} } = options;
  const port = async (name) => ports[name] || (await freePort());
  const emulatorMode = !pluggy;
  const cleanups = [];
  const processes = [];
  /** Stops every process; resolves with how each ended (see stopProcess). */
  const stop = async () => {
    const ended = await Promise.all(
      processes
        .splice(0)
        .reverse()
        .map((handle) => stopProcess(handle)),
    );
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
    return ended;
  };

  try {
    await assertPortsFree(Object.entries(ports).filter(([, fixed]) => fixed));
    await assertBuilt(ROOT, [
      ...(emulatorMode ? [EMULATOR_CLI] : []),
      SERVER_CLI,
      'examples/vanilla/dist/index.html',
      ...viteHosts.map((name) => `examples/${name}/dist/index.html`),
    ]);

    const serverPort = await port('server');
    const serverUrl = `http://127.0.0.1:${serverPort}`;
    const hostPorts = Object.fromEntries(
      await Promise.all(viteHosts.map(async (name) => [name, await port(name)])),
    );
    const hosts = {
      vanilla: serverUrl,
      ...Object.fromEntries(viteHosts.map((name) => [name, `http://127.0.0.1:${hostPorts[name]}`])),
    };

    let apiUrl = PLUGGY_API_URL;
    let connectUrl;
    let credentials = pluggy;
    if (emulatorMode) {
      const apiPort = await port('emulator');
      const connectPort = await port('connect');
      const emulator = startProcess(
        'emulator',
        [
          ...[
            EMULATOR_CLI,
            '--host',
            '127.0.0.1',
            '--port',
            String(apiPort),
            '--connect-port',
            String(connectPort),
          ],
          ...(options.emulatorClient
            ? ['--client', `${options.emulatorClient.clientId}:${options.emulatorClient.clientSecret}`]
            : []),
        ],
        { cwd: ROOT, env: {}, log },
      );
      processes.push(emulator);
      apiUrl = `http://127.0.0.1:${apiPort}`;
      connectUrl = `http://127.0.0.1:${connectPort}`;
      credentials = options.emulatorClient ?? EMULATOR_CLIENT;
      await Promise.all([
        waitForHttp(`${apiUrl}/__emulator/clock`, emulator),
        waitForHttp(connectUrl, emulator),
      ]);
    }

    const dataDir = await mkdtemp(join(tmpdir(), 'pluggy-kit-data-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const databasePath = join(dataDir, 'pluggy-kit.db');
    const siteConfig = connectUrl ? { connectUrl } : {};
    const vanillaSite = await prepareSite(ROOT, 'vanilla', siteConfig);
    cleanups.push(vanillaSite.remove);

    const webhookSecret = options.webhookSecret || randomBytes(24).toString('hex');
    const serverEnv = {
      HOST: '127.0.0.1',
      PORT: String(serverPort),
      PLUGGY_API_URL: apiUrl,
      PLUGGY_CLIENT_ID: credentials.clientId,
      PLUGGY_CLIENT_SECRET: credentials.clientSecret,
      // The emulator delivers to loopback; Pluggy only to a public https URL (none without a tunnel).
      ...(emulatorMode || options.publicUrl ? { PUBLIC_URL: options.publicUrl ?? serverUrl } : {}),
      WEBHOOK_SECRET: webhookSecret,
      SESSION_SECRET: randomBytes(24).toString('hex'),
      ALLOWED_ORIGINS: Object.values(hosts).join(','),
      STATIC_DIR: vanillaSite.dir,
      DATABASE_PATH: databasePath,
      NODE_ENV: 'development',
      // A tunnel (cloudflared, ngrok) forwards HTTPS to this port over loopback: trust its X-Forwarded-*.
      ...(options.publicUrl?.startsWith('https://') ? { TRUST_PROXY: 'loopback' } : {}),
      ...options.serverEnv,
      // The page may frame only the Connect origin: the emulator's here, Pluggy's by default.
      ...(connectUrl ? { CONNECT_URL: connectUrl } : {}),
    };
    const server = startProcess('token-server', [SERVER_CLI], { cwd: ROOT, env: serverEnv, log });
    processes.push(server);

    const viteStarts = viteHosts.map(async (name) => {
      const site = await prepareSite(ROOT, name, siteConfig);
      cleanups.push(site.remove);
      const args = [viteCli(name), 'preview', '--host', '127.0.0.1', '--port', String(hostPorts[name])];
      const host = startProcess(name, [...args, '--strictPort', '--outDir', site.dir], {
        cwd: join(ROOT, 'examples', name),
        env: { PLUGGY_KIT_SERVER_URL: serverUrl },
        log,
      });
      processes.push(host);
      await waitForHttp(hosts[name], host);
    });
    await Promise.all([waitForHttp(`${serverUrl}/readyz`, server), ...viteStarts]);

    // Pluggy only delivers to public HTTPS URLs: on real Pluggy, only once the site has one (a tunnel).
    // --replace, because a registration made by an earlier run may carry another secret.
    let webhooksRegistered = false;
    if (emulatorMode || options.publicUrl?.startsWith('https://')) {
      await runNode([SERVER_CLI, 'webhooks', 'register', ...(emulatorMode ? [] : ['--replace'])], {
        cwd: ROOT,
        env: serverEnv,
      });
      webhooksRegistered = true;
    }

    return {
      mode: emulatorMode ? 'emulator' : 'pluggy',
      apiUrl,
      connectUrl,
      serverUrl,
      hosts,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      webhookSecret,
      webhooksRegistered,
      databasePath,
      firstExit: Promise.race(
        processes.map(async (handle) => ({ name: handle.name, ...(await handle.exited) })),
      ),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
