import { expect } from '@open-wc/testing';
import { loadPluggyConnect } from '../../src/internal/sdk-loader.js';

const FAKE_SDK = new URL('../fixtures/fake-sdk.js', import.meta.url).href;

describe('loadPluggyConnect', () => {
  it('loads a classic script once and returns its PluggyConnect constructor', async () => {
    const [first, second] = await Promise.all([
      loadPluggyConnect({ src: FAKE_SDK }),
      loadPluggyConnect({ src: FAKE_SDK }),
    ]);
    expect(first).to.equal(second);
    expect(first).to.be.a('function');
    expect(document.querySelectorAll(`script[src="${FAKE_SDK}"]`)).to.have.length(1);
  });

  it('forgets a failed load so the next call retries', async () => {
    const missing = new URL('/missing-sdk.js', location.href).href;
    const error = await loadPluggyConnect({ src: missing }).catch((reason: unknown) => reason);
    expect(error).to.include({ code: 'SDK_LOAD_FAILED', retryable: true });
    expect(document.querySelectorAll(`script[src="${missing}"]`)).to.have.length(0);
    const retry = loadPluggyConnect({ src: missing });
    expect(document.querySelectorAll(`script[src="${missing}"]`)).to.have.length(1);
    await retry.catch(() => undefined);
  });

  it('puts the nonce on the script tag', async () => {
    const src = `${FAKE_SDK}?nonce-test`;
    await loadPluggyConnect({ src, nonce: 'abc123' });
    const script = document.querySelector<HTMLScriptElement>(`script[src="${src}"]`);
    expect(script?.nonce).to.equal('abc123');
  });

  it('imports the bundled SDK on demand', async () => {
    const PluggyConnect = await loadPluggyConnect();
    expect(PluggyConnect.name).to.equal('PluggyConnect');
    expect(PluggyConnect.prototype.init).to.be.a('function');
  });
});
