// The element bundled into a site: the SDK and the open flow are lazy chunks of the site's build. A chunk that
// failed once (a flaky network) must load on the next click, without a page reload: browsers that follow
// HTML's current rule (failed module fetches are not kept in the module map, whatwg/html#10327) fetch it
// again, and the element must forget the failed load for that to help. Each chunk is tested in a file (a
// page) of its own, so nothing imported it before. The dev server's switch is test/server/flaky-modules.ts.
import { expect, fixture, fixtureCleanup, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import type { PluggyConnectButton } from '../../src/pluggy-connect-button.js';
import type { PluggyErrorDetail } from '../../src/events/index.js';
import { innerButton, tokenUrl, uniqueKey } from '../helpers.js';
import { clearAutopilot, queueAutopilot, testConfig } from './emulator.js';

/** Fails the next `times` GETs of dev-server files whose path contains `fragment`. */
async function failModule(fragment: string, times = 1): Promise<void> {
  const response = await fetch(`/__flaky-modules?match=${encodeURIComponent(fragment)}&times=${times}`, {
    method: 'POST',
  });
  if (response.status !== 204) throw new Error(`arming ${fragment} answered ${response.status}`);
}

/** Disarms every armed fragment (afterEach: a failing test may leave one unconsumed). */
async function disarmModules(): Promise<void> {
  await fetch('/__flaky-modules', { method: 'DELETE' });
}

/** GETs of files matching `fragment` since it was armed, failed or served. */
async function moduleHits(fragment: string): Promise<number> {
  return (await fetch(`/__flaky-modules/hits?match=${encodeURIComponent(fragment)}`)).json();
}

async function bundledButton(): Promise<PluggyConnectButton> {
  const { connectUrl } = await testConfig();
  const el = await fixture<PluggyConnectButton>(
    `<pluggy-connect-button token-url="${tokenUrl(uniqueKey(), 'emulator')}" connect-url="${connectUrl}" include-sandbox load-timeout="10000" preload="none"></pluggy-connect-button>`,
  );
  await el.updateComplete;
  return el;
}

/** Clicks and resolves with the click's error, or undefined once the widget opened and closed. */
async function clickOutcome(el: PluggyConnectButton): Promise<PluggyErrorDetail | undefined> {
  const error = oneEvent(el, 'pluggy-error').then(
    (event) => (event as CustomEvent<PluggyErrorDetail>).detail,
  );
  const closed = oneEvent(el, 'pluggy-close').then(() => undefined);
  innerButton(el).click();
  return Promise.race([error, closed]);
}

/** The retry test for the chunk whose dev-server path contains `fragment`. */
export function describeChunkRetry(name: string, fragment: string): void {
  describe(`the bundled ${name} chunk after a failed load`, function () {
    this.timeout(30000);
    afterEach(async () => {
      fixtureCleanup();
      await Promise.all([clearAutopilot(), disarmModules()]);
    });

    it('reports SDK_LOAD_FAILED, then the next click fetches the chunk again and opens the widget', async () => {
      await failModule(fragment);
      const el = await bundledButton();

      expect(await clickOutcome(el)).to.include({ code: 'SDK_LOAD_FAILED', phase: 'sdk', retryable: true });
      expect(await moduleHits(fragment)).to.equal(1);

      await queueAutopilot({ closeAt: 'consent' });
      const second = await clickOutcome(el);
      expect(second, JSON.stringify(second)).to.equal(undefined);
      expect(await moduleHits(fragment)).to.equal(2);
    });
  });
}
