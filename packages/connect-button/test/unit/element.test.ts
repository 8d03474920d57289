import { expect, fixture, fixtureCleanup, html, oneEvent, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import type { PluggyConnectButton } from '../../src/pluggy-connect-button.js';
import {
  callbackCalls,
  callbackUrl,
  innerButton,
  recordEvents,
  tokenCalls,
  tokenUrl,
  uniqueKey,
  type RecordedEvent,
} from '../helpers.js';
import { button, leftovers, openWidget } from './button-fixture.js';
import { FAKE_SDK_URL, fakeSdk, lastInstance, resetFakeSdk, trackListeners } from './fake-sdk.js';

const ITEM = { id: 'item-123', status: 'UPDATED', connector: { id: 0, name: 'Pluggy Bank' } };

const types = (events: RecordedEvent[]) => events.map((event) => event.type);

describe('<pluggy-connect-button> with a stand-in SDK', () => {
  beforeEach(resetFakeSdk);
  afterEach(() => fixtureCleanup());

  it('renders a native button in shadow DOM with the Portuguese label by default', async () => {
    const el = await button(uniqueKey());
    expect(innerButton(el).type).to.equal('button');
    expect(innerButton(el).textContent?.trim()).to.equal('Conectar conta bancária');
    expect(el.getAttribute('state')).to.equal('idle');
    expect(el.shadowRoot?.querySelector('[part="label"]')).to.be.instanceOf(HTMLElement);
    await expect(el).to.be.accessible();
  });

  it('fires open, the widget events, success and one close with their payloads', async () => {
    const el = await button(uniqueKey());
    const events = recordEvents(document);
    await openWidget(el);
    expect(el.state).to.equal('open');
    const widget = lastInstance().widget;
    widget.event({ event: 'SUBMITTED_CONSENT', timestamp: 1 });
    widget.event({ event: 'LOGIN_SUCCESS', timestamp: 2, item: ITEM });
    widget.success(ITEM);
    widget.success(ITEM);
    expect(el.state).to.equal('success');
    // The fake, like zoid, reports the close twice.
    await widget.close();
    expect(types(events)).to.deep.equal([
      'pluggy-open',
      'pluggy-event',
      'pluggy-event',
      'pluggy-success',
      'pluggy-close',
    ]);
    expect(events[1]?.detail).to.deep.equal({ event: 'SUBMITTED_CONSENT', timestamp: 1 });
    expect(events[3]?.detail).to.deep.equal({ item: ITEM });
    expect(el.state).to.equal('success');
    expect(el.value).to.equal('item-123');
    await expect(el).to.be.accessible();
  });

  it('passes every widget option to the SDK under its SDK name', async () => {
    const el = await button(
      uniqueKey(),
      'include-sandbox connector-types="PERSONAL_BANK,BUSINESS_BANK" connector-ids="0 2" countries="BR" products="ACCOUNTS, TRANSACTIONS" selected-connector-id="2" language="es" theme="dark" allow-connect-in-background allow-fullscreen="false" cpf="123.456.789-09" force-oauth-in-browser force-ask-for-credentials connector-sort-alphabetically connect-url="http://127.0.0.1:1/" item-id="item-7"',
    );
    await openWidget(el);
    const props = lastInstance().props;
    expect(props).to.include({
      url: 'http://127.0.0.1:1',
      updateItem: 'item-7',
      includeSandbox: true,
      selectedConnectorId: 2,
      language: 'es',
      theme: 'dark',
      allowConnectInBackground: true,
      allowFullscreen: false,
      forceOauthInBrowser: true,
      forceAskForCredentials: true,
      connectorSortAlphabetically: true,
    });
    expect(props.connectorTypes).to.deep.equal(['PERSONAL_BANK', 'BUSINESS_BANK']);
    expect(props.connectorIds).to.deep.equal([0, 2]);
    expect(props.products).to.deep.equal(['ACCOUNTS', 'TRANSACTIONS']);
    expect(props.openFinanceParameters).to.deep.equal({ cpf: '12345678909' });
    expect(props.connectToken).to.be.a('string');
    await lastInstance().widget.close();
  });

  it('reports the widget error with its item, then the close, and ends in the error state', async () => {
    const el = await button(uniqueKey());
    const events = recordEvents(el);
    await openWidget(el);
    lastInstance().widget.error('Invalid credentials', { ...ITEM, status: 'LOGIN_ERROR' });
    lastInstance().widget.hide();
    await lastInstance().widget.close();
    expect(types(events)).to.deep.equal(['pluggy-open', 'pluggy-error', 'pluggy-hide', 'pluggy-close']);
    expect(events[1]?.detail).to.deep.equal({
      code: 'WIDGET_ERROR',
      message: 'Invalid credentials',
      phase: 'widget',
      retryable: true,
      item: { ...ITEM, status: 'LOGIN_ERROR' },
    });
    expect(el.state).to.equal('error');
  });

  it('shows loading with aria-busy, and returns focus to the button after close', async () => {
    const key = uniqueKey();
    const el = await button(key, '', 'slow&delay=300');
    innerButton(el).click();
    await waitUntil(() => el.state === 'loading', undefined, { timeout: 5000 });
    await el.updateComplete;
    expect(innerButton(el).getAttribute('aria-busy')).to.equal('true');
    expect(el.shadowRoot?.querySelector('[part="spinner"]')).to.be.instanceOf(HTMLElement);
    await expect(el).to.be.accessible();
    await oneEvent(el, 'pluggy-open');
    await el.updateComplete;
    expect(innerButton(el).getAttribute('aria-busy')).to.equal('false');
    await expect(el).to.be.accessible();
    await el.close();
    expect(el.shadowRoot?.activeElement).to.equal(innerButton(el));
    await expect(el).to.be.accessible();
  });

  it('shares one token request and one widget between double clicks', async () => {
    const key = uniqueKey();
    const el = await button(key, 'preload="none"');
    const opened = oneEvent(el, 'pluggy-open');
    innerButton(el).click();
    innerButton(el).click();
    await opened;
    innerButton(el).click();
    expect(await tokenCalls(key)).to.have.length(1);
    expect(fakeSdk().instances).to.have.length(1);
    await el.close();
  });

  it('preloads the token on hover (intent) and uses it on click', async () => {
    const key = uniqueKey();
    const el = await button(key);
    innerButton(el).dispatchEvent(new PointerEvent('pointerenter'));
    await waitUntil(async () => (await tokenCalls(key)).length === 1, undefined, { timeout: 5000 });
    await openWidget(el);
    expect(await tokenCalls(key)).to.have.length(1);
    await el.close();
  });

  it('never reuses a token after a finished connection', async () => {
    const key = uniqueKey();
    const el = await button(key);
    await openWidget(el);
    const first = lastInstance().props.connectToken;
    lastInstance().widget.success(ITEM);
    await el.close();
    await openWidget(el);
    expect(lastInstance().props.connectToken).not.to.equal(first);
    expect(await tokenCalls(key)).to.have.length(2);
    await el.close();
  });

  it('drops the token after a widget error without an item: the next open fetches a fresh one', async () => {
    const key = uniqueKey();
    const el = await button(key);
    innerButton(el).dispatchEvent(new PointerEvent('pointerenter'));
    await waitUntil(async () => (await tokenCalls(key)).length === 1, undefined, { timeout: 5000 });
    await openWidget(el);
    const refused = lastInstance().props.connectToken;
    lastInstance().widget.error('The connect token is invalid or was rejected');
    await lastInstance().widget.close();
    expect(el.state).to.equal('error');
    innerButton(el).dispatchEvent(new PointerEvent('pointerenter'));
    await openWidget(el);
    expect(lastInstance().props.connectToken).not.to.equal(refused);
    expect(await tokenCalls(key)).to.have.length(2);
    await el.close();
  });

  it('refuses to reopen with a fixed connect-token the widget refused (TOKEN_EXPIRED)', async () => {
    const exp = Math.floor(Date.now() / 1000) + 600;
    const token = `e30.${btoa(JSON.stringify({ exp })).replace(/=+$/, '')}.sig`;
    const el = await fixture<PluggyConnectButton>(
      `<pluggy-connect-button connect-token="${token}" sdk-src="${FAKE_SDK_URL}"></pluggy-connect-button>`,
    );
    await openWidget(el);
    lastInstance().widget.error('The connect token is invalid or was rejected');
    await lastInstance().widget.close();
    const error = oneEvent(el, 'pluggy-error');
    innerButton(el).click();
    expect((await error).detail).to.include({ code: 'TOKEN_EXPIRED', retryable: false });
    expect(fakeSdk().instances).to.have.length(1);
  });

  it('starts no second widget while the first is still up after success: one frame, one close', async () => {
    const key = uniqueKey();
    const el = await button(key);
    const events = recordEvents(el);
    await openWidget(el);
    lastInstance().widget.success(ITEM);
    expect(el.state).to.equal('success');
    innerButton(el).click();
    await el.open();
    expect(fakeSdk().instances).to.have.length(1);
    expect(leftovers().iframes).to.equal(1);
    await lastInstance().widget.close();
    expect(types(events)).to.deep.equal(['pluggy-open', 'pluggy-success', 'pluggy-close']);
    expect(leftovers()).to.deep.equal({ iframes: 0, modalClasses: [] });
    expect(await tokenCalls(key)).to.have.length(1);
    expect(el.state).to.equal('success');
  });

  it('shows a minimised widget again on the next click (pluggy-open again); other buttons get ALREADY_OPEN', async () => {
    const el = await button(uniqueKey(), 'allow-connect-in-background');
    const other = await button(uniqueKey());
    const events = recordEvents(document);
    await openWidget(el);
    lastInstance().widget.hide();
    const refused = oneEvent(other, 'pluggy-error');
    innerButton(other).click();
    expect((await refused).detail).to.include({ code: 'ALREADY_OPEN' });
    const reopened = oneEvent(el, 'pluggy-open');
    innerButton(el).click();
    await reopened;
    expect(lastInstance().showCalls).to.equal(1);
    expect(leftovers().modalClasses).to.have.length(1);
    // Showing already: a click changes nothing.
    await el.open();
    expect(lastInstance().showCalls).to.equal(1);
    expect(fakeSdk().instances).to.have.length(1);
    await lastInstance().widget.close();
    expect(types(events)).to.deep.equal([
      'pluggy-open',
      'pluggy-hide',
      'pluggy-error',
      'pluggy-open',
      'pluggy-close',
    ]);
    expect(leftovers()).to.deep.equal({ iframes: 0, modalClasses: [] });
  });

  it('fires ALREADY_OPEN on a second button while one is open, and creates no second frame', async () => {
    const first = await button(uniqueKey());
    const second = await button(uniqueKey());
    await openWidget(first);
    const error = oneEvent(second, 'pluggy-error');
    innerButton(second).click();
    expect((await error).detail).to.include({ code: 'ALREADY_OPEN', retryable: true });
    expect(document.querySelectorAll('iframe')).to.have.length(1);
    await first.close();
    await openWidget(second);
    await second.close();
  });

  it('times out a widget whose page never loads and cleans up (WIDGET_LOAD_TIMEOUT)', async () => {
    fakeSdk().mode = 'hang';
    const el = await button(uniqueKey(), 'load-timeout="150"');
    const events = recordEvents(el);
    const error = oneEvent(el, 'pluggy-error');
    innerButton(el).click();
    expect((await error).detail).to.include({
      code: 'WIDGET_LOAD_TIMEOUT',
      phase: 'widget',
      retryable: true,
    });
    expect(types(events)).to.deep.equal(['pluggy-error']);
    expect(leftovers()).to.deep.equal({ iframes: 0, modalClasses: [] });
    expect(el.state).to.equal('error');
    await expect(el).to.be.accessible();
  });

  it('cancels quietly when closed while the widget page is still loading', async () => {
    fakeSdk().mode = 'hang';
    const el = await button(uniqueKey(), 'load-timeout="600"');
    const events = recordEvents(el);
    innerButton(el).click();
    await waitUntil(() => fakeSdk().instances.length === 1, undefined, { timeout: 5000 });
    await el.close();
    expect(el.state).to.equal('idle');
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(events).to.deep.equal([]);
    expect(leftovers()).to.deep.equal({ iframes: 0, modalClasses: [] });
  });

  it('goes back to idle when the user closes the widget (Escape) before its page loaded', async () => {
    fakeSdk().mode = 'hang';
    const el = await button(uniqueKey(), 'load-timeout="600"');
    const events = recordEvents(el);
    innerButton(el).click();
    await waitUntil(() => fakeSdk().instances.length === 1, undefined, { timeout: 5000 });
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await waitUntil(() => el.state === 'idle', undefined, { timeout: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(events).to.deep.equal([]);
    expect(leftovers()).to.deep.equal({ iframes: 0, modalClasses: [] });
  });

  it('aborts the token request and opens nothing when removed while loading', async () => {
    const key = uniqueKey();
    const el = await button(key, '', 'slow&delay=400');
    const events = recordEvents(el);
    innerButton(el).click();
    await waitUntil(async () => (await tokenCalls(key)).length === 1, undefined, { timeout: 5000 });
    el.remove();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(events).to.deep.equal([]);
    expect(fakeSdk().instances).to.have.length(0);
    const other = await button(uniqueKey());
    await openWidget(other);
    await other.close();
  });

  it('closes the widget and leaves nothing behind when removed while open', async () => {
    const el = await button(uniqueKey());
    await openWidget(el);
    el.remove();
    await waitUntil(() => leftovers().iframes === 0, undefined, { timeout: 5000 });
    expect(leftovers().modalClasses).to.deep.equal([]);
  });

  it('leaves no iframe, body class or listener after 20 open/close cycles', async () => {
    const el = await button(uniqueKey());
    await openWidget(el);
    await el.close();
    const listeners = trackListeners();
    try {
      const before = listeners.count();
      for (let cycle = 0; cycle < 20; cycle += 1) {
        await openWidget(el);
        if (cycle % 2) await el.close();
        else await lastInstance().widget.close();
      }
      expect(listeners.count()).to.equal(before);
    } finally {
      listeners.restore();
    }
    expect(leftovers()).to.deep.equal({ iframes: 0, modalClasses: [] });
  });

  it('warns once about an invalid attribute and names it in INVALID_CONFIG on open', async () => {
    const warn = sinon.stub(console, 'warn');
    try {
      const el = await button(uniqueKey(), 'connector-ids="1,abc" theme="purple"');
      // The check runs when the open flow's code loads (page idle at the latest), not at first paint.
      await waitUntil(() => warn.callCount === 1, undefined, { timeout: 5000 });
      el.label = 'Conectar';
      await el.updateComplete;
      await el.preload();
      expect(warn.callCount).to.equal(1);
      expect(String(warn.firstCall.args[0])).to.contain('connector-ids').and.contain('theme');
      const error = oneEvent(el, 'pluggy-error');
      innerButton(el).click();
      const detail = (await error).detail;
      expect(detail).to.include({ code: 'INVALID_CONFIG', phase: 'config', retryable: false });
      expect(detail.message).to.contain('connector-ids').and.contain('abc');
      expect(fakeSdk().instances).to.have.length(0);
    } finally {
      warn.restore();
    }
  });

  it('refuses load-timeout and token-timeout above 2^31 - 1 ms with INVALID_CONFIG instead of timing out at once', async () => {
    const warn = sinon.stub(console, 'warn');
    try {
      fakeSdk().initDelayMs = 200;
      const el = await button(uniqueKey(), 'load-timeout="3000000000" token-timeout="3000000000"');
      const events = recordEvents(el);
      const error = oneEvent(el, 'pluggy-error');
      innerButton(el).click();
      const detail = (await error).detail;
      expect(detail).to.include({ code: 'INVALID_CONFIG', phase: 'config', retryable: false });
      expect(detail.message).to.contain('load-timeout').and.contain('token-timeout');
      expect(types(events)).to.deep.equal(['pluggy-error']);
      expect(fakeSdk().instances).to.have.length(0);
    } finally {
      warn.restore();
    }
  });

  it('refuses a connect-url with a path: one warning, then INVALID_CONFIG naming connect-url on open', async () => {
    const warn = sinon.stub(console, 'warn');
    try {
      const el = await button(uniqueKey(), 'connect-url="http://127.0.0.1:1/connect"');
      await waitUntil(() => warn.callCount === 1, undefined, { timeout: 5000 });
      expect(String(warn.firstCall.args[0])).to.contain('connect-url').and.contain('origin only');
      const error = oneEvent(el, 'pluggy-error');
      innerButton(el).click();
      const detail = (await error).detail;
      expect(detail).to.include({ code: 'INVALID_CONFIG', phase: 'config', retryable: false });
      expect(detail.message).to.contain('connect-url');
      expect(warn.callCount).to.equal(1);
      expect(fakeSdk().instances).to.have.length(0);
    } finally {
      warn.restore();
    }
  });

  it('ends a 401 from token-url as UNAUTHENTICATED in the error state', async () => {
    const el = await button(uniqueKey(), '', '401');
    const error = oneEvent(el, 'pluggy-error');
    innerButton(el).click();
    expect((await error).detail).to.include({ code: 'UNAUTHENTICATED', phase: 'token' });
    expect(el.state).to.equal('error');
    await expect(el).to.be.accessible();
  });

  it('maps each token failure to its error code and the error state', async () => {
    const cases: Array<[mode: string, attributes: string, code: string, calls: number]> = [
      ['500', '', 'TOKEN_FETCH_FAILED', 2],
      ['nonjson', '', 'TOKEN_FETCH_FAILED', 1],
      ['slow&delay=2000', 'token-timeout="150"', 'TOKEN_FETCH_FAILED', 2],
    ];
    for (const [mode, attributes, code, calls] of cases) {
      const key = uniqueKey();
      const el = await button(key, attributes, mode);
      const error = oneEvent(el, 'pluggy-error');
      innerButton(el).click();
      expect((await error).detail, mode).to.include({ code, phase: 'token' });
      expect(el.state).to.equal('error');
      expect(await tokenCalls(key), mode).to.have.length(calls);
    }
  });

  it('refuses an expired connect-token with TOKEN_EXPIRED', async () => {
    const exp = Math.floor(Date.now() / 1000) - 10;
    const token = `e30.${btoa(JSON.stringify({ exp })).replace(/=+$/, '')}.sig`;
    const el = await fixture<PluggyConnectButton>(
      `<pluggy-connect-button connect-token="${token}" sdk-src="${FAKE_SDK_URL}"></pluggy-connect-button>`,
    );
    const error = oneEvent(el, 'pluggy-error');
    innerButton(el).click();
    expect((await error).detail).to.include({ code: 'TOKEN_EXPIRED', retryable: false });
  });

  it('reports SDK_LOAD_FAILED when the SDK cannot load, and retries on the next click', async () => {
    const missing = new URL(`/missing-sdk-${uniqueKey()}.js`, location.href).href;
    const el = await button(uniqueKey());
    el.sdkSrc = missing;
    const first = oneEvent(el, 'pluggy-error');
    await el.open();
    expect((await first).detail).to.include({ code: 'SDK_LOAD_FAILED', phase: 'sdk', retryable: true });
    await waitUntil(
      () =>
        document.getElementById('pluggy-connect-button-announcer')?.textContent ===
        'O Pluggy Connect não carregou. Tente novamente.',
      'not announced',
      { timeout: 2000 },
    );
    el.sdkSrc = FAKE_SDK_URL;
    await openWidget(el);
    await el.close();
  });

  it('POSTs {itemId} to callback-url with the CSRF header after success', async () => {
    const key = uniqueKey();
    const el = await button(uniqueKey(), `callback-url="${callbackUrl(key)}"`);
    await openWidget(el);
    lastInstance().widget.success(ITEM);
    await waitUntil(async () => (await callbackCalls(key)).length === 1, undefined, { timeout: 5000 });
    const [call] = await callbackCalls(key);
    expect(call?.body).to.deep.equal({ itemId: 'item-123' });
    expect(call?.headers['x-requested-with']).to.equal('pluggy-connect-button');
    await el.close();
  });

  it('retries callback-url after a 429', async () => {
    const key = uniqueKey();
    const el = await button(uniqueKey(), `callback-url="${callbackUrl(key, '429-once')}"`);
    const events = recordEvents(el);
    await openWidget(el);
    lastInstance().widget.success(ITEM);
    await waitUntil(async () => (await callbackCalls(key)).length === 2, undefined, { timeout: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(types(events)).to.deep.equal(['pluggy-open', 'pluggy-success']);
    await el.close();
  });

  it('still fires pluggy-success when callback-url fails, then CALLBACK_FAILED with the item', async () => {
    const key = uniqueKey();
    const el = await button(uniqueKey(), `callback-url="${callbackUrl(key, '500')}"`);
    const events = recordEvents(el);
    await openWidget(el);
    const error = oneEvent(el, 'pluggy-error');
    lastInstance().widget.success(ITEM);
    expect((await error).detail).to.deep.include({
      code: 'CALLBACK_FAILED',
      phase: 'callback',
      retryable: true,
      item: ITEM,
    });
    expect(types(events)).to.deep.equal(['pluggy-open', 'pluggy-success', 'pluggy-error']);
    expect(await callbackCalls(key)).to.have.length(3);
    await el.close();
  });

  it('takes part in its form: required blocks submission until an item is connected', async () => {
    const form = await fixture<HTMLFormElement>(
      html`<form>
        <pluggy-connect-button
          name="itemId"
          required
          token-url=${tokenUrl(uniqueKey())}
          sdk-src=${FAKE_SDK_URL}
        ></pluggy-connect-button>
      </form>`,
    );
    const el = form.querySelector('pluggy-connect-button') as PluggyConnectButton;
    await el.updateComplete;
    expect(form.checkValidity()).to.equal(false);
    expect(el.validationMessage).to.equal('Conecte uma conta bancária para continuar.');
    await openWidget(el);
    lastInstance().widget.success(ITEM);
    await el.close();
    expect(form.checkValidity()).to.equal(true);
    expect(new FormData(form).get('itemId')).to.equal('item-123');
  });

  it('goes back to idle on form reset: no value, required invalid again, state idle', async () => {
    const form = await fixture<HTMLFormElement>(
      html`<form>
        <pluggy-connect-button
          name="itemId"
          required
          token-url=${tokenUrl(uniqueKey())}
          sdk-src=${FAKE_SDK_URL}
        ></pluggy-connect-button>
      </form>`,
    );
    const el = form.querySelector('pluggy-connect-button') as PluggyConnectButton;
    await openWidget(el);
    lastInstance().widget.success(ITEM);
    await el.close();
    expect(el.state).to.equal('success');
    expect(form.checkValidity()).to.equal(true);

    form.reset();
    await el.updateComplete;
    expect(el.value).to.equal('');
    expect(el.state).to.equal('idle');
    expect(el.getAttribute('state')).to.equal('idle');
    expect(el.validity.valueMissing).to.equal(true);
    expect(form.checkValidity()).to.equal(false);
    expect(new FormData(form).has('itemId')).to.equal(false);
  });

  it('leaves an error state on form reset as idle too', async () => {
    const form = await fixture<HTMLFormElement>(
      html`<form>
        <pluggy-connect-button
          name="itemId"
          token-url=${tokenUrl(uniqueKey(), '401')}
          sdk-src=${FAKE_SDK_URL}
        ></pluggy-connect-button>
      </form>`,
    );
    const el = form.querySelector('pluggy-connect-button') as PluggyConnectButton;
    const error = oneEvent(el, 'pluggy-error');
    innerButton(el).click();
    await error;
    expect(el.state).to.equal('error');
    form.reset();
    expect(el.state).to.equal('idle');
  });

  it('is disabled by a disabled fieldset without losing its own disabled attribute', async () => {
    const form = await fixture<HTMLFormElement>(
      html`<form>
        <fieldset disabled>
          <pluggy-connect-button
            token-url=${tokenUrl(uniqueKey())}
            sdk-src=${FAKE_SDK_URL}
          ></pluggy-connect-button>
        </fieldset>
      </form>`,
    );
    const el = form.querySelector('pluggy-connect-button') as PluggyConnectButton;
    await el.updateComplete;
    expect(innerButton(el).disabled).to.equal(true);
    expect(el.hasAttribute('disabled')).to.equal(false);
    form.querySelector('fieldset')?.removeAttribute('disabled');
    await el.updateComplete;
    expect(innerButton(el).disabled).to.equal(false);
  });

  it('labels itself in en and es by language or the nearest lang attribute', async () => {
    const english = await fixture<HTMLElement>(
      `<section lang="en-GB"><pluggy-connect-button connect-token="x"></pluggy-connect-button></section>`,
    );
    const spanish = await fixture<PluggyConnectButton>(
      `<pluggy-connect-button language="es" item-id="i" connect-token="x"></pluggy-connect-button>`,
    );
    const englishButton = english.querySelector('pluggy-connect-button') as PluggyConnectButton;
    await englishButton.updateComplete;
    expect(innerButton(englishButton).textContent?.trim()).to.equal('Connect bank account');
    expect(innerButton(spanish).textContent?.trim()).to.equal('Actualizar conexión');
    englishButton.required = true;
    await englishButton.updateComplete;
    expect(englishButton.validationMessage).to.equal('Connect a bank account to continue.');
  });

  it('follows a later lang change on an ancestor or <html>, and stops watching once removed', async () => {
    const pageLang = document.documentElement.getAttribute('lang');
    const el = await button(uniqueKey(), 'required');
    const wrapper = el.parentElement as HTMLElement;
    const label = () => innerButton(el).textContent?.trim();
    try {
      expect(label()).to.equal('Conectar conta bancária');
      // The first change may be met by the re-render when the watch starts; the next ones only by the watch.
      wrapper.setAttribute('lang', 'es');
      await waitUntil(() => label() === 'Conectar cuenta bancaria', 'es was not followed', { timeout: 5000 });
      wrapper.setAttribute('lang', 'en');
      await waitUntil(() => label() === 'Connect bank account', 'the ancestor lang was not followed', {
        timeout: 5000,
      });
      expect(el.validationMessage).to.equal('Connect a bank account to continue.');
      wrapper.removeAttribute('lang');
      document.documentElement.setAttribute('lang', 'es');
      await waitUntil(() => label() === 'Conectar cuenta bancaria', 'the <html> lang was not followed', {
        timeout: 5000,
      });
      el.remove();
      await el.updateComplete;
      const update = sinon.spy(el, 'requestUpdate');
      document.documentElement.setAttribute('lang', 'en');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(update.callCount).to.equal(0);
    } finally {
      if (pageLang === null) document.documentElement.removeAttribute('lang');
      else document.documentElement.setAttribute('lang', pageLang);
    }
  });

  it('follows a lang change inside the shadow root it sits in', async () => {
    const host = await fixture<HTMLDivElement>('<div></div>');
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = `<section><pluggy-connect-button connect-token="x" sdk-src="${FAKE_SDK_URL}"></pluggy-connect-button></section>`;
    const el = root.querySelector('pluggy-connect-button') as PluggyConnectButton;
    await el.updateComplete;
    const section = root.querySelector('section') as HTMLElement;
    const label = () => innerButton(el).textContent?.trim();
    // The first change may be met by the re-render when the watch starts; the second only by the watch.
    section.setAttribute('lang', 'en');
    await waitUntil(() => label() === 'Connect bank account', 'en was not followed', { timeout: 5000 });
    section.setAttribute('lang', 'es');
    await waitUntil(() => label() === 'Conectar cuenta bancaria', 'es was not followed', { timeout: 5000 });
  });

  it('announces progress in one polite live region shared by every button', async () => {
    const first = await button(uniqueKey());
    await button(uniqueKey());
    await openWidget(first);
    lastInstance().widget.success(ITEM);
    const regions = document.querySelectorAll('[aria-live="polite"]');
    expect(regions).to.have.length(1);
    await waitUntil(() => regions[0]?.textContent === 'Conta conectada', undefined, { timeout: 5000 });
    await first.close();
  });

  it('announces loading, then the opened widget, in the live region', async () => {
    const el = await button(uniqueKey(), 'preload="none"', 'slow&delay=400');
    const region = () => document.getElementById('pluggy-connect-button-announcer')?.textContent;
    const opened = oneEvent(el, 'pluggy-open');
    innerButton(el).click();
    await waitUntil(() => region() === 'Abrindo o Pluggy Connect…', 'loading was not announced', {
      timeout: 5000,
    });
    expect(el.state).to.equal('loading');
    await opened;
    await waitUntil(() => region() === 'Pluggy Connect aberto', 'the open widget was not announced', {
      timeout: 5000,
    });
    await el.close();
  });

  it("announces an error with what to do, in the button's language", async () => {
    const region = () => document.getElementById('pluggy-connect-button-announcer')?.textContent;
    const el = await button(uniqueKey(), 'preload="none"', '401');
    innerButton(el).click();
    await waitUntil(
      () => region() === 'Não foi possível conectar: entre na sua conta e tente novamente.',
      'the error was not announced',
      { timeout: 5000 },
    );
    const english = await button(uniqueKey(), 'preload="none" language="en"', '500');
    innerButton(english).click();
    await waitUntil(
      () => region() === 'Could not connect: the connection could not start. Please try again.',
      'the English error was not announced',
      { timeout: 5000 },
    );
  });

  it('hands its nonce to Lit for the <style> fallback of browsers without constructable stylesheets', async () => {
    const scope = window as unknown as { litNonce?: string };
    delete scope.litNonce;
    await fixture(`<pluggy-connect-button nonce="n0nce-42" connect-token="x"></pluggy-connect-button>`);
    expect(scope.litNonce).to.equal('n0nce-42');
    delete scope.litNonce;
  });

  it('does nothing when disabled', async () => {
    const key = uniqueKey();
    const el = await button(key, 'disabled');
    await el.open();
    expect(el.state).to.equal('idle');
    expect(innerButton(el).disabled).to.equal(true);
    expect(await tokenCalls(key)).to.have.length(0);
  });
});
