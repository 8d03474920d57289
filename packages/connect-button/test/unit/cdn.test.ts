import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import type { PluggyConnectButton } from '../../src/pluggy-connect-button.js';
import { sleep, tokenUrl, uniqueKey } from '../helpers.js';
import { clearAutopilot, testConfig } from '../integration/emulator.js';
import { FAKE_SDK_URL } from './fake-sdk.js';

// Built by scripts/build-cdn.mjs before the browser tests run (see the package's test script).
const CDN = new URL('../../dist/cdn/', import.meta.url).href;
const loaded = () => performance.getEntriesByType('resource').map((entry) => entry.name.replace(CDN, ''));

/**
 * A page of its own holding one CDN-built button with the given attributes, loaded from a fresh copy of the
 * CDN files (test/server/cdn-copies.ts), whose files can be made to fail.
 */
async function cdnPage(attributes: string) {
  const copy = `/__cdn/${uniqueKey()}/`;
  const block = async (file: string, blocked: boolean) => {
    await fetch(`${copy}__block?file=${file}&blocked=${blocked ? 1 : 0}`, { method: 'POST' });
  };
  await block('connect-controller.js', true);
  await block('pluggy-connect-sdk.mjs', true);
  const frame = document.createElement('iframe');
  frame.srcdoc = `<!doctype html><html lang="pt"><body>
    <pluggy-connect-button ${attributes}></pluggy-connect-button>
    <script type="module" src="${copy}pluggy-connect-button.js"></script></body></html>`;
  document.body.append(frame);
  const win = () => frame.contentWindow as (Window & typeof globalThis) | null;
  await waitUntil(() => win()?.customElements.get('pluggy-connect-button'), 'not defined', { timeout: 5000 });
  const el = win()?.document.querySelector('pluggy-connect-button') as PluggyConnectButton;
  return {
    el,
    /** Lets a file of this copy load again (all start blocked). */
    unblock: (file: string) => block(file, false),
    hits: async (file: string) => (await fetch(`${copy}__hits?file=${file}`)).json() as Promise<number>,
    announced: () => win()?.document.getElementById('pluggy-connect-button-announcer')?.textContent,
    remove: () => frame.remove(),
  };
}

const LOAD_FAILED = 'O Pluggy Connect não carregou. Tente novamente.';

describe('CDN builds', () => {
  it('the ES module defines the tag and loads neither the open flow nor the SDK until needed', async () => {
    await import(/* @vite-ignore */ `${CDN}pluggy-connect-button.js`);
    expect(customElements.get('pluggy-connect-button')).to.be.a('function');
    expect(loaded().filter((name) => name.includes('pluggy-connect-sdk'))).to.deep.equal([]);
    const el = document.createElement('pluggy-connect-button');
    el.setAttribute('connect-token', 'e30.e30.x');
    el.setAttribute('preload', 'none');
    document.body.append(el);
    await el.preload();
    expect(loaded()).to.include('pluggy-connect-sdk.mjs');
    expect(loaded()).to.include('connect-controller.js');
    el.remove();
  });

  it('the classic script defines the tag and loads the SDK file next to it on demand', async () => {
    const frame = document.createElement('iframe');
    frame.srcdoc = `<script src="${CDN}pluggy-connect-button.iife.js"></script>
      <pluggy-connect-button connect-token="e30.e30.x" preload="none"></pluggy-connect-button>`;
    document.body.append(frame);
    const win = () =>
      frame.contentWindow as (Window & typeof globalThis & { PluggyConnect?: unknown }) | null;
    // The script defines the tag before the parser reaches the element below it: wait for both.
    await waitUntil(
      () =>
        win()?.customElements.get('pluggy-connect-button') &&
        win()?.document.querySelector('pluggy-connect-button'),
      undefined,
      { timeout: 5000 },
    );
    expect(win()?.PluggyConnect).to.equal(undefined);
    const el = win()!.document.querySelector('pluggy-connect-button')!;
    await el.preload();
    expect(win()?.PluggyConnect).to.have.property('PluggyConnect');
    frame.remove();
  });

  describe('when a file next to the module does not load', () => {
    it('reports SDK_LOAD_FAILED for the open flow on click only, announces it, and a later click loads it', async () => {
      const page = await cdnPage(`token-url="${tokenUrl(uniqueKey())}" sdk-src="${FAKE_SDK_URL}"`);
      try {
        const errors: Array<Record<string, unknown>> = [];
        page.el.addEventListener('pluggy-error', (event) => errors.push(event.detail as never));
        // The page-idle check tried the file: that failure alone reports nothing.
        await waitUntil(async () => (await page.hits('connect-controller.js')) === 1, 'never requested', {
          timeout: 5000,
        });
        page.el.shadowRoot?.querySelector('button')?.dispatchEvent(new PointerEvent('pointerenter'));
        await sleep(300);
        expect(errors).to.deep.equal([]);
        expect(page.el.state).to.equal('idle');
        expect(await page.hits('connect-controller.js')).to.equal(1);

        const failed = oneEvent(page.el, 'pluggy-error');
        await page.el.open();
        expect((await failed).detail).to.include({ code: 'SDK_LOAD_FAILED', phase: 'sdk', retryable: true });
        expect(page.el.state).to.equal('error');
        await waitUntil(() => page.announced() === LOAD_FAILED, 'not announced', { timeout: 2000 });

        await page.unblock('connect-controller.js');
        const opened = oneEvent(page.el, 'pluggy-open');
        await page.el.open();
        await opened;
        expect(page.el.state).to.equal('open');
        await page.el.close();
      } finally {
        page.remove();
      }
    });

    it('reports SDK_LOAD_FAILED for the SDK file, announces it, and a later click opens the real widget', async function () {
      this.timeout(30000);
      await clearAutopilot();
      const { connectUrl } = await testConfig();
      const page = await cdnPage(
        `token-url="${tokenUrl(uniqueKey(), 'emulator')}" connect-url="${connectUrl}" preload="none" load-timeout="10000"`,
      );
      try {
        await page.unblock('connect-controller.js');
        const failed = oneEvent(page.el, 'pluggy-error');
        await page.el.open();
        expect((await failed).detail).to.include({ code: 'SDK_LOAD_FAILED', phase: 'sdk', retryable: true });
        expect(await page.hits('pluggy-connect-sdk.mjs')).to.equal(1);
        await waitUntil(() => page.announced() === LOAD_FAILED, 'not announced', { timeout: 2000 });

        await page.unblock('pluggy-connect-sdk.mjs');
        const opened = oneEvent(page.el, 'pluggy-open');
        await page.el.open();
        await opened;
        await page.el.close();
        expect(page.el.state).to.equal('idle');
      } finally {
        page.remove();
      }
    });
  });
});
