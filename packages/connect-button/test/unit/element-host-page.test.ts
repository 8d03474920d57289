// The element cleans up after the SDK without touching what the host page itself added meanwhile.
import { expect, fixtureCleanup, oneEvent, waitUntil } from '@open-wc/testing';
import { innerButton, uniqueKey } from '../helpers.js';
import { button, leftovers } from './button-fixture.js';
import { fakeSdk, lastInstance, resetFakeSdk } from './fake-sdk.js';

const NONCE = 'n0nce-host-page';

/** What the SDK's container holds: its modal <style>, which the SDK inserts without a nonce. */
const sdkStyle = () => document.querySelector<HTMLStyleElement>('[id^="zoid-fake-"] style');

/** A <style> the page adds to <body>, bare or inside a block of its own (a chat widget, say). */
function hostStyle(wrapped: boolean): HTMLStyleElement {
  const style = document.createElement('style');
  style.textContent = '.host-page-rule { color: red; }';
  if (wrapped) {
    const block = document.createElement('div');
    block.className = 'host-page-block';
    block.append(style);
    document.body.append(block);
  } else document.body.append(style);
  return style;
}

describe('<pluggy-connect-button> and the host page', () => {
  beforeEach(resetFakeSdk);
  afterEach(() => {
    fixtureCleanup();
    for (const added of document.querySelectorAll('body > style, .host-page-block')) added.remove();
  });

  it("keeps the page's own Escape and message listeners, added while loading or open, after the close", async () => {
    // The widget's page takes a while to load, so the host adds listeners while the SDK is rendering.
    fakeSdk().initDelayMs = 300;
    const el = await button(uniqueKey(), 'preload="none"');
    const heard: string[] = [];
    const onEscapeWhileLoading = (event: KeyboardEvent) => {
      if (event.key === 'Escape') heard.push('escape while loading');
    };
    const onEscapeWhileOpen = (event: KeyboardEvent) => {
      if (event.key === 'Escape') heard.push('escape while open');
    };
    const onMessage = (event: MessageEvent) => {
      if (event.data === 'CONTINUE_IN_BACKGROUND') heard.push('message');
    };
    const opened = oneEvent(el, 'pluggy-open');
    innerButton(el).click();
    await waitUntil(() => fakeSdk().instances.length === 1, 'the SDK was never asked to render', {
      timeout: 5000,
    });
    expect(el.state).to.equal('loading');
    document.addEventListener('keydown', onEscapeWhileLoading);
    window.addEventListener('message', onMessage);
    await opened;
    document.addEventListener('keydown', onEscapeWhileOpen);
    try {
      await lastInstance().widget.close();
      expect(leftovers()).to.deep.equal({ iframes: 0, modalClasses: [] });
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
      window.postMessage('CONTINUE_IN_BACKGROUND', '*');
      await waitUntil(() => heard.includes('message'), 'the page lost its message listener', {
        timeout: 2000,
      });
      expect(heard).to.have.members(['escape while loading', 'escape while open', 'message']);
    } finally {
      document.removeEventListener('keydown', onEscapeWhileLoading);
      document.removeEventListener('keydown', onEscapeWhileOpen);
      window.removeEventListener('message', onMessage);
    }
  });

  it("gives the nonce to the SDK's modal <style> and cspNonce, never to a <style> the page adds", async () => {
    fakeSdk().initDelayMs = 300;
    const el = await button(uniqueKey(), `preload="none" nonce="${NONCE}"`);
    const opened = oneEvent(el, 'pluggy-open');
    innerButton(el).click();
    await waitUntil(() => fakeSdk().instances.length === 1, undefined, { timeout: 5000 });
    const addedWhileLoading = [hostStyle(false), hostStyle(true)];
    await opened;
    const addedWhileOpen = [hostStyle(false), hostStyle(true)];
    expect(lastInstance().props.cspNonce).to.equal(NONCE);
    expect(sdkStyle()?.nonce).to.equal(NONCE);
    for (const style of [...addedWhileLoading, ...addedWhileOpen]) {
      expect(style.nonce).to.equal('');
      expect(style.hasAttribute('nonce')).to.equal(false);
    }
    await el.close();
  });
});
