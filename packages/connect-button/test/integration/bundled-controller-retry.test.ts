import { expect, fixtureCleanup } from '@open-wc/testing';
import { bundledButton, clickOutcome, disarmModules, failModule, moduleHits } from './bundled-chunk.js';
import { clearAutopilot, queueAutopilot } from './emulator.js';

// The element bundled into a site: its open flow (connect-controller) is a lazy chunk of the site's build.
// A failed load of it is reported and the next click fetches it again (see bundled-sdk-retry.test.ts).
// A page of its own: nothing imported the controller before.
const CONTROLLER_CHUNK = 'internal/connect-controller';

describe('the bundled open-flow chunk after a failed load', function () {
  this.timeout(30000);
  afterEach(async () => {
    fixtureCleanup();
    await Promise.all([clearAutopilot(), disarmModules()]);
  });

  it('reports SDK_LOAD_FAILED, then the next click fetches the chunk again and opens the widget', async () => {
    await failModule(CONTROLLER_CHUNK);
    const el = await bundledButton();

    expect(await clickOutcome(el)).to.include({ code: 'SDK_LOAD_FAILED', retryable: true });
    expect(await moduleHits(CONTROLLER_CHUNK)).to.equal(1);

    await queueAutopilot({ closeAt: 'consent' });
    const second = await clickOutcome(el);
    expect(second, JSON.stringify(second)).to.equal(undefined);
    expect(await moduleHits(CONTROLLER_CHUNK)).to.equal(2);
  });
});
