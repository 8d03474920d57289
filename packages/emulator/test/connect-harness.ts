/**
 * Browser harness for the Connect page tests: a host page on its own loopback origin that opens the
 * widget with the official `pluggy-connect-sdk` and records every callback, plus one Chromium.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type FrameLocator, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium.mjs';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

// The host page's script: the SDK, and `openConnect(props)` which adds recording callbacks.
const hostScript = (sdkPackage: string) => `
import { PluggyConnect } from '${sdkPackage}';
window.calls = [];
const record = (name) => (payload) => {
  window.calls.push({ name, payload: payload === undefined ? null : JSON.parse(JSON.stringify(payload)) });
};
window.openConnect = (props) => {
  const connect = new PluggyConnect({
    ...props,
    onSuccess: record('success'),
    onError: record('error'),
    onEvent: record('event'),
    onClose: record('close'),
    onOpen: record('open'),
    onHide: record('hide'),
  });
  window.connect = connect;
  return connect.init().then(() => 'rendered');
};
`;

const HOST_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>
<link rel="icon" href="data:,"></head><body><h1>Host page</h1><script src="/host.js"></script></body></html>`;

export interface HostPage {
  url: string;
  close(): Promise<void>;
}

export interface RecordedCall {
  name: 'success' | 'error' | 'event' | 'close' | 'open' | 'hide';
  payload: Record<string, unknown> | null;
}

async function bundleHostScript(sdkPackage: string): Promise<string> {
  const result = await build({
    stdin: { contents: hostScript(sdkPackage), resolveDir: packageRoot, loader: 'js' },
    bundle: true,
    format: 'iife',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

/** `sdkPackage` picks the SDK build: the current one, or an aliased old release such as `pluggy-connect-sdk-2.2`. */
export async function startHostPage(sdkPackage = 'pluggy-connect-sdk'): Promise<HostPage> {
  const script = await bundleHostScript(sdkPackage);
  const server: Server = createServer((req, res) => {
    if (req.url === '/host.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(script);
    } else if (req.url === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(HOST_HTML);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
}

/** Opens the widget from the host page; resolves once the SDK's `init()` resolved (the child handshaked). */
export async function openConnect(page: Page, props: Record<string, unknown>): Promise<void> {
  const outcome = await page.evaluate(
    (p) => (window as unknown as { openConnect(p: unknown): Promise<string> }).openConnect(p),
    props,
  );
  if (outcome !== 'rendered') throw new Error(`PluggyConnect.init() ended with ${outcome}`);
}

export function recordedCalls(page: Page): Promise<RecordedCall[]> {
  return page.evaluate(() => (window as unknown as { calls: RecordedCall[] }).calls);
}

/** Waits until a recorded call matches, and returns every call so far. */
export async function waitForCall(
  page: Page,
  matches: (call: RecordedCall) => boolean,
  timeoutMs = 15_000,
): Promise<RecordedCall[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const calls = await recordedCalls(page);
    if (calls.some(matches)) return calls;
    if (Date.now() > deadline) {
      throw new Error(
        `no matching callback within ${timeoutMs} ms; got ${calls.map(describeCall).join(', ') || 'none'}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function describeCall(call: RecordedCall): string {
  return call.name === 'event' ? `event:${String(call.payload?.event)}` : call.name;
}

/** The widget's own iframe (zoid also adds a prerender frame and a close-detection frame). */
export function widgetFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe[name^="__zoid__pluggy_connect_widget__"]');
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeResults {
  violations: { id: string; help: string; nodes: { target: string[] }[] }[];
}

/** axe-core's WCAG 2.1 A/AA and best-practice findings for what the widget shows now, one line each. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const frame = page
    .frames()
    .find((candidate) => candidate.name().startsWith('__zoid__pluggy_connect_widget__'));
  if (!frame) throw new Error('the widget frame is not open');
  // Evaluated through the DevTools protocol, which the page's CSP (script-src 'self') does not restrict.
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(axeSource);
  const results = await frame.evaluate(() =>
    (window as unknown as { axe: { run(context: Document, options: unknown): Promise<AxeResults> } }).axe.run(
      document,
      {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      },
    ),
  );
  return results.violations.map(
    (violation) =>
      `${violation.id} (${violation.help}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
}
