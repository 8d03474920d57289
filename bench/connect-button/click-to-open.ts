/**
 * Click-to-widget-open time in chromium against the emulator (from the click to the SDK's `init()` resolving,
 * i.e. the Connect page loaded), median of several runs, for three hosts of the same page:
 *   - element:   <pluggy-connect-button> (CDN ES module) with its default intent preload: the pointer rests on
 *                the button for DWELL_MS before the click, as a person's does;
 *   - naive:     on click, fetch a token, then import the SDK, then `init()`;
 *   - prewarmed: a hand-written page that already holds a token and the SDK when the click comes.
 * The network is throttled the same way for all three (CDP), and the token endpoint takes BACKEND_MS, the time a
 * real backend spends calling Pluggy's /connect_token. Targets: naive / element >= 1.5; element / prewarmed <= 1.15.
 */
import { startEmulator } from '@pluggy-kit/emulator';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';
import { buildCdn, cdnDir } from './_cdn.js';

const RUNS = 7;
const DWELL_MS = 500;
const BACKEND_MS = 150;
const NETWORK = {
  offline: false,
  latency: 40,
  downloadThroughput: (10 * 1024 * 1024) / 8,
  uploadThroughput: (2 * 1024 * 1024) / 8,
};
const TARGET_NAIVE_RATIO = 1.5;
const TARGET_PREWARMED_RATIO = 1.15;

type Scenario = 'element' | 'naive' | 'prewarmed';

function page(scenario: Scenario, connectUrl: string): string {
  // Every page records the click time in the capture phase and the open time, for the bench to read.
  const timing = `<script>
    window.bench = { clickAt: 0, openAt: 0, ready: false };
    document.addEventListener('click', () => { window.bench.clickAt = performance.now(); }, true);
  </script>`;
  if (scenario === 'element') {
    return `<!doctype html><html><body>${timing}
      <pluggy-connect-button token-url="/token" connect-url="${connectUrl}" include-sandbox></pluggy-connect-button>
      <script type="module">
        import '/cdn/pluggy-connect-button.js';
        document.addEventListener('pluggy-open', () => { window.bench.openAt = performance.now(); });
        await customElements.whenDefined('pluggy-connect-button');
        window.bench.ready = true;
      </script></body></html>`;
  }
  const getToken = `async () => (await (await fetch('/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).json()).accessToken`;
  const open = `async (token, PluggyConnect) => {
      await new PluggyConnect({ url: '${connectUrl}', connectToken: token, includeSandbox: true }).init();
      window.bench.openAt = performance.now();
    }`;
  const body =
    scenario === 'naive'
      ? `button.addEventListener('click', async () => {
           const token = await getToken();
           const { PluggyConnect } = await import('/cdn/pluggy-connect-sdk.mjs');
           await open(token, PluggyConnect);
         });
         window.bench.ready = true;`
      : `const [token, { PluggyConnect }] = await Promise.all([getToken(), import('/cdn/pluggy-connect-sdk.mjs')]);
         button.addEventListener('click', () => open(token, PluggyConnect));
         window.bench.ready = true;`;
  return `<!doctype html><html><body>${timing}
    <button id="connect">Connect</button>
    <script type="module">
      const button = document.getElementById('connect');
      const getToken = ${getToken};
      const open = ${open};
      ${body}
    </script></body></html>`;
}

async function serve(connectUrl: string, mintToken: () => Promise<string>) {
  const handler = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const scenario = /^\/(element|naive|prewarmed)\.html$/.exec(url.pathname)?.[1] as Scenario | undefined;
    if (scenario) {
      response.writeHead(200, { 'Content-Type': 'text/html' }).end(page(scenario, connectUrl));
    } else if (url.pathname === '/token' && request.method === 'POST') {
      await new Promise((resolve) => setTimeout(resolve, BACKEND_MS));
      const accessToken = await mintToken();
      response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      response.end(JSON.stringify({ accessToken }));
    } else if (url.pathname.startsWith('/cdn/')) {
      const file = normalize(join(cdnDir, url.pathname.slice('/cdn/'.length)));
      if (!file.startsWith(cdnDir)) return void response.writeHead(404).end();
      try {
        const body = await readFile(file);
        response.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' }).end(body);
      } catch {
        response.writeHead(404).end();
      }
    } else {
      response.writeHead(404).end();
    }
  };
  const server = createServer((request, response) => void handler(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => server.close(),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

buildCdn();
const emulator = await startEmulator();
const mintToken = async () => {
  const post = async (path: string, body: unknown, apiKey?: string) => {
    const response = await fetch(`${emulator.apiUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(apiKey ? { 'X-API-KEY': apiKey } : {}) },
      body: JSON.stringify(body),
    });
    return (await response.json()) as Record<string, string>;
  };
  const { apiKey } = await post('/auth', {
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
  });
  return (await post('/connect_token', {}, apiKey)).accessToken ?? '';
};
const site = await serve(emulator.connectUrl, mintToken);
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: [...CHROMIUM_ARGS],
});

const context = await browser.newContext();

async function measure(scenario: Scenario): Promise<number> {
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', NETWORK);
  await tab.goto(`${site.origin}/${scenario}.html`);
  await tab.waitForFunction(() => (window as unknown as { bench: { ready: boolean } }).bench.ready);
  const target = scenario === 'element' ? 'pluggy-connect-button' : '#connect';
  await tab.hover(target);
  await tab.waitForTimeout(DWELL_MS);
  await tab.click(target);
  await tab.waitForFunction(
    () => (window as unknown as { bench: { openAt: number } }).bench.openAt > 0,
    undefined,
    {
      timeout: 20000,
    },
  );
  const { clickAt, openAt } = await tab.evaluate(
    () => (window as unknown as { bench: { clickAt: number; openAt: number } }).bench,
  );
  await tab.close();
  return openAt - clickAt;
}

try {
  const results: Record<Scenario, number[]> = { element: [], naive: [], prewarmed: [] };
  for (let run = 0; run < RUNS; run += 1) {
    for (const scenario of ['element', 'naive', 'prewarmed'] as const)
      results[scenario].push(await measure(scenario));
  }
  const element = median(results.element);
  const naive = median(results.naive);
  const prewarmed = median(results.prewarmed);
  console.log(
    `click to widget open, median of ${RUNS} (network: ${NETWORK.latency} ms latency; token endpoint ${BACKEND_MS} ms; dwell ${DWELL_MS} ms)`,
  );
  for (const [name, values] of Object.entries(results)) {
    console.log(
      `${name.padEnd(10)} ${median(values).toFixed(0).padStart(5)} ms   runs: ${values.map((value) => value.toFixed(0)).join(', ')}`,
    );
  }
  const naiveRatio = naive / element;
  const prewarmedRatio = element / prewarmed;
  console.log(
    `naive / element      ${naiveRatio.toFixed(2)}x (target >= ${TARGET_NAIVE_RATIO}x) ${naiveRatio >= TARGET_NAIVE_RATIO ? 'ok' : 'MISSED'}`,
  );
  console.log(
    `element / prewarmed  ${prewarmedRatio.toFixed(2)}x (target <= ${TARGET_PREWARMED_RATIO}x) ${prewarmedRatio <= TARGET_PREWARMED_RATIO ? 'ok' : 'MISSED'}`,
  );
  process.exitCode = naiveRatio >= TARGET_NAIVE_RATIO && prewarmedRatio <= TARGET_PREWARMED_RATIO ? 0 : 1;
} finally {
  await browser.close();
  site.close();
  await emulator.stop();
}
