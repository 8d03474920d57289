import { expect, waitUntil } from '@open-wc/testing';

// Built by scripts/build-cdn.mjs before the browser tests run (see the package's test script).
const CDN = new URL('../../dist/cdn/', import.meta.url).href;
const loaded = () => performance.getEntriesByType('resource').map((entry) => entry.name.replace(CDN, ''));

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
    expect(loaded().some((name) => /^connect-controller-\w+\.js$/.test(name))).to.equal(true);
    el.remove();
  });

  it('the classic script defines the tag and loads the SDK file next to it on demand', async () => {
    const frame = document.createElement('iframe');
    frame.srcdoc = `<script src="${CDN}pluggy-connect-button.iife.js"></script>
      <pluggy-connect-button connect-token="e30.e30.x" preload="none"></pluggy-connect-button>`;
    document.body.append(frame);
    const win = () =>
      frame.contentWindow as (Window & typeof globalThis & { PluggyConnect?: unknown }) | null;
    await waitUntil(() => win()?.customElements.get('pluggy-connect-button'), undefined, { timeout: 5000 });
    expect(win()?.PluggyConnect).to.equal(undefined);
    const el = win()?.document.querySelector('pluggy-connect-button');
    await el?.preload();
    expect(win()?.PluggyConnect).to.have.property('PluggyConnect');
    frame.remove();
  });
});
