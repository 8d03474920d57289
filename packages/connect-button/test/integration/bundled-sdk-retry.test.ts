import { expect, fixtureCleanup } from '@open-wc/testing';
import { bundledButton, clickOutcome, disarmModules, failModule, moduleHits } from './bundled-chunk.js';
import { clearAutopilot, queueAutopilot } from './emulator.js';

// The element bundled into a site: the SDK is a lazy chunk of the site's build. A chunk that failed once (a
// flaky network) loads on the next click, without a page reload. Browsers that follow HTML's current rule
// (failed module fetches are not kept in the module map, whatwg/html#10327) fetch it again; the element
// must forget the failed load for that to help. A page of its own: nothing imported the SDK before.
const SDK_CHUNK = '__prebundled__/pluggy-connect-sdk';

describe('the bundled SDK chunk after a failed load', function () {
  this.timeout(30000);
  afterEach(async () => {
    fixtureCleanup();
    await Promise.all([clearAutopilot(), disarmModules()]);
  });

  it('reports SDK_LOAD_FAILED, then the next click fetches the chunk again and opens the widget', async () => {
    await failModule(SDK_CHUNK);
    const el = await bundledButton();

    expect(await clickOutcome(el)).to.include({ code: 'SDK_LOAD_FAILED', phase: 'sdk', retryable: true });
    expect(await moduleHits(SDK_CHUNK)).to.equal(1);

    await queueAutopilot({ closeAt: 'consent' });
    const second = await clickOutcome(el);
    expect(second, JSON.stringify(second)).to.equal(undefined);
    expect(await moduleHits(SDK_CHUNK)).to.equal(2);
  });
});
