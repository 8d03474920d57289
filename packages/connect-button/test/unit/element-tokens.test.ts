// Where the element's token comes from, when it is fetched, and how each failure ends, counted on the test
// token route (test/server/test-routes.ts).
import { expect, fixtureCleanup, oneEvent, waitUntil } from '@open-wc/testing';
import type { FetchTokenContext } from '../../src/index.js';
import type { PluggyConnectButton } from '../../src/pluggy-connect-button.js';
import { innerButton, recordEvents, sleep, tokenCalls, tokenUrl, uniqueKey } from '../helpers.js';
import { testConfig } from '../integration/emulator.js';
import { bare, button, openWidget } from './button-fixture.js';
import { FAKE_SDK_URL, fakeSdk, lastInstance, resetFakeSdk } from './fake-sdk.js';

const jwt = (secondsLeft: number) =>
  `e30.${btoa(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + secondsLeft })).replace(/=+$/, '')}.sig`;
const hover = (el: PluggyConnectButton) => innerButton(el).dispatchEvent(new PointerEvent('pointerenter'));
const focusAndBlur = (el: PluggyConnectButton) => {
  innerButton(el).focus();
  innerButton(el).blur();
};
/** Time for a request the element should not make to show up if it were made. */
const QUIET_MS = 400;
/** A stand-in SDK URL of its own, so a test can tell whether this element loaded it. */
const ownSdkSrc = (key: string) => `${FAKE_SDK_URL}?for=${key}`;
const sdkLoaded = (src: string) => document.querySelector(`script[src="${src}"]`) !== null;

describe('<pluggy-connect-button> tokens', () => {
  beforeEach(resetFakeSdk);
  afterEach(() => fixtureCleanup());

  describe('sources', () => {
    it('opens the widget with the token fetchToken resolves, passing the item id and a signal', async () => {
      const key = uniqueKey();
      const el = await button(key, 'item-id="item-5" preload="none"');
      const contexts: FetchTokenContext[] = [];
      el.fetchToken = (context) => {
        contexts.push(context);
        return Promise.resolve('token-from-fetchToken');
      };
      await openWidget(el);
      expect(lastInstance().props.connectToken).to.equal('token-from-fetchToken');
      expect(contexts).to.have.length(1);
      expect(contexts[0]?.itemId).to.equal('item-5');
      expect(contexts[0]?.signal).to.be.instanceOf(AbortSignal);
      // fetchToken overrides token-url.
      expect(await tokenCalls(key)).to.have.length(0);
      await el.close();
    });

    it('opens the widget with a fixed connect-token', async () => {
      const token = jwt(600);
      const el = await bare(`connect-token="${token}"`);
      await openWidget(el);
      expect(lastInstance().props.connectToken).to.equal(token);
      await el.close();
    });

    describe('credentials', () => {
      const COOKIE = 'pluggy_test_session';
      let value = '';
      beforeEach(() => {
        value = uniqueKey();
        document.cookie = `${COOKIE}=${value}; path=/; SameSite=Lax`;
      });
      afterEach(() => {
        document.cookie = `${COOKIE}=; path=/; max-age=0`;
      });

      async function cookieSent(url: string, key: string, credentials?: string): Promise<boolean> {
        const el = await bare(
          `token-url="${url}" preload="none" ${credentials ? `credentials="${credentials}"` : ''}`,
        );
        await openWidget(el);
        await el.close();
        const [call] = await tokenCalls(key);
        return (call?.headers.cookie ?? '').includes(`${COOKIE}=${value}`);
      }

      it('sends cookies to its own origin by default (same-origin) and never with omit', async () => {
        const key = uniqueKey();
        expect(await cookieSent(tokenUrl(key), key)).to.equal(true);
        const omitted = uniqueKey();
        expect(await cookieSent(tokenUrl(omitted), omitted, 'omit')).to.equal(false);
      });

      it('sends cookies to another origin only with include', async () => {
        const { crossOriginPort } = await testConfig();
        const other = (key: string) =>
          `${location.protocol}//${location.hostname}:${crossOriginPort}${tokenUrl(key)}`;
        const sameOrigin = uniqueKey();
        expect(await cookieSent(other(sameOrigin), sameOrigin, 'same-origin')).to.equal(false);
        const included = uniqueKey();
        expect(await cookieSent(other(included), included, 'include')).to.equal(true);
      });
    });
  });

  describe('preload', () => {
    it('eager: fetches the token and loads the SDK as soon as it is on the page', async () => {
      const key = uniqueKey();
      const el = await button(key, `preload="eager" sdk-src="${ownSdkSrc(key)}"`);
      await waitUntil(async () => (await tokenCalls(key)).length === 1, 'no eager token request', {
        timeout: 5000,
      });
      await waitUntil(() => sdkLoaded(ownSdkSrc(key)), 'the SDK was not loaded eagerly', { timeout: 5000 });
      await openWidget(el);
      expect(await tokenCalls(key)).to.have.length(1);
      await el.close();
    });

    it('none: hover and focus fetch nothing; the click does', async () => {
      const key = uniqueKey();
      const el = await button(key, `preload="none" sdk-src="${ownSdkSrc(key)}"`);
      hover(el);
      focusAndBlur(el);
      await sleep(QUIET_MS);
      expect(await tokenCalls(key)).to.have.length(0);
      expect(sdkLoaded(ownSdkSrc(key))).to.equal(false);
      await openWidget(el);
      expect(await tokenCalls(key)).to.have.length(1);
      await el.close();
    });

    it('intent: keyboard focus fetches the token and loads the SDK, and the click uses them', async () => {
      const key = uniqueKey();
      const el = await button(key, `sdk-src="${ownSdkSrc(key)}"`);
      await sleep(QUIET_MS);
      expect(await tokenCalls(key)).to.have.length(0);
      innerButton(el).focus();
      await waitUntil(async () => (await tokenCalls(key)).length === 1, 'focus fetched no token', {
        timeout: 5000,
      });
      await waitUntil(() => sdkLoaded(ownSdkSrc(key)), 'focus loaded no SDK', { timeout: 5000 });
      await openWidget(el);
      expect(await tokenCalls(key)).to.have.length(1);
      await el.close();
    });
  });

  describe('a failed preload', () => {
    it('is not reported; open() fetches afresh (the user may have signed in meanwhile)', async () => {
      const key = uniqueKey();
      const el = await button(key, '', '401-once');
      const events = recordEvents(el);
      hover(el);
      await waitUntil(async () => (await tokenCalls(key)).length === 1, undefined, { timeout: 5000 });
      await sleep(QUIET_MS);
      expect(events).to.deep.equal([]);
      expect(el.state).to.equal('idle');
      await openWidget(el);
      expect(await tokenCalls(key)).to.have.length(2);
      await el.close();
    });

    it('pauses hover and focus preloads until the next open(); a 401 is never asked again by itself', async () => {
      const key = uniqueKey();
      const el = await button(key, '', '401');
      const events = recordEvents(el);
      hover(el);
      await waitUntil(async () => (await tokenCalls(key)).length === 1, undefined, { timeout: 5000 });
      hover(el);
      focusAndBlur(el);
      await sleep(QUIET_MS);
      expect(await tokenCalls(key)).to.have.length(1);

      const error = oneEvent(el, 'pluggy-error');
      innerButton(el).click();
      expect((await error).detail).to.include({ code: 'UNAUTHENTICATED', retryable: false });
      expect(await tokenCalls(key)).to.have.length(2);

      // In the error state, pointer moves and focus ask nothing.
      hover(el);
      focusAndBlur(el);
      await sleep(QUIET_MS);
      expect(await tokenCalls(key)).to.have.length(2);
      expect(events.map((event) => event.type)).to.deep.equal(['pluggy-error']);

      const again = oneEvent(el, 'pluggy-error');
      innerButton(el).click();
      await again;
      expect(await tokenCalls(key)).to.have.length(3);
    });

    it('preload() called by the page always tries, and reports nothing', async () => {
      const key = uniqueKey();
      const el = await button(key, '', '401');
      const events = recordEvents(el);
      await el.preload();
      await el.preload();
      expect(await tokenCalls(key)).to.have.length(2);
      expect(events).to.deep.equal([]);
      expect(el.state).to.equal('idle');
    });
  });

  describe('edges', () => {
    it('ends a 403 as UNAUTHENTICATED without retrying', async () => {
      const key = uniqueKey();
      const el = await button(key, 'preload="none"', '403');
      const error = oneEvent(el, 'pluggy-error');
      innerButton(el).click();
      expect((await error).detail).to.include({ code: 'UNAUTHENTICATED', phase: 'token', retryable: false });
      await sleep(QUIET_MS);
      expect(await tokenCalls(key)).to.have.length(1);
      expect(el.state).to.equal('error');
    });

    it('reports a 429 whose Retry-After outruns token-timeout as retryable, with retryAfterMs and the server message', async () => {
      const key = uniqueKey();
      const el = await button(key, 'preload="none"', '429&retryAfter=60');
      const error = oneEvent(el, 'pluggy-error');
      innerButton(el).click();
      const { detail } = await error;
      expect(detail).to.include({
        code: 'TOKEN_FETCH_FAILED',
        phase: 'token',
        retryable: true,
        retryAfterMs: 60_000,
      });
      expect(detail.message).to.contain('Too many connect tokens; try again later.');
      expect(await tokenCalls(key)).to.have.length(1);
    });

    it('opens after a 429 once its Retry-After has passed', async () => {
      const key = uniqueKey();
      const el = await button(key, 'preload="none"', '429-once&retryAfter=1');
      const events = recordEvents(el);
      await openWidget(el);
      const calls = await tokenCalls(key);
      expect(calls).to.have.length(2);
      expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).to.be.at.least(950);
      expect(events.map((event) => event.type)).to.deep.equal(['pluggy-open']);
      await el.close();
    });

    it('retries a network error once after a backoff, then ends as TOKEN_FETCH_FAILED', async () => {
      const key = uniqueKey();
      const el = await button(key, 'preload="none"', 'drop');
      const error = oneEvent(el, 'pluggy-error');
      innerButton(el).click();
      expect((await error).detail).to.include({
        code: 'TOKEN_FETCH_FAILED',
        phase: 'token',
        retryable: true,
      });
      const calls = await tokenCalls(key);
      expect(calls).to.have.length(2);
      // The backoff is 250 ms with ±25 % jitter.
      expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).to.be.at.least(180);
      expect(fakeSdk().instances).to.have.length(0);
    });

    it('refetches an opaque token whose expiresAt is less than 60 s away', async () => {
      const key = uniqueKey();
      // 61 s: fresh when it arrives, within 60 s of its expiry a second later.
      const el = await button(key, '', 'opaque&expiresIn=61');
      hover(el);
      await waitUntil(async () => (await tokenCalls(key)).length === 1, undefined, { timeout: 5000 });
      await sleep(1100);
      await openWidget(el);
      expect(await tokenCalls(key)).to.have.length(2);
      expect(lastInstance().props.connectToken).to.match(/^opaque-/);
      await el.close();
    });

    it('keeps an opaque token whose expiresAt is far away', async () => {
      const key = uniqueKey();
      const el = await button(key, '', 'opaque&expiresIn=1800');
      hover(el);
      await waitUntil(async () => (await tokenCalls(key)).length === 1, undefined, { timeout: 5000 });
      await sleep(1100);
      await openWidget(el);
      expect(await tokenCalls(key)).to.have.length(1);
      await el.close();
    });

    it('aborts the token request on the wire when removed while loading', async () => {
      const key = uniqueKey();
      const el = await button(key, 'preload="none"', 'slow&delay=3000');
      innerButton(el).click();
      await waitUntil(async () => (await tokenCalls(key)).length === 1, undefined, { timeout: 5000 });
      el.remove();
      await waitUntil(async () => (await tokenCalls(key))[0]?.abortedAt !== undefined, 'not aborted', {
        timeout: 2500,
      });
      const [call] = await tokenCalls(key);
      expect((call?.abortedAt ?? Infinity) - (call?.at ?? 0)).to.be.below(2500);
      expect(fakeSdk().instances).to.have.length(0);
    });
  });
});
