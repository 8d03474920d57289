import { expect, fixture, fixtureCleanup, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { PluggyConnectButton } from '../../src/pluggy-connect-button.js';
import {
  innerButton,
  recordEvents,
  tokenCalls,
  tokenUrl,
  uniqueKey,
  type RecordedEvent,
} from '../helpers.js';
import { emulateMedia } from '../browser-commands.js';
import { trackListeners } from '../unit/fake-sdk.js';
import { clearAutopilot, queueAutopilot, sessions, testConfig } from './emulator.js';

// The real pluggy-connect-sdk against the emulator's Connect page, driven by the page's autopilot.

/** `mode` is the test token route's: `emulator` mints real connect tokens, `ok` a JWT the emulator never issued. */
async function button(key: string, attributes = '', mode = 'emulator'): Promise<PluggyConnectButton> {
  const { connectUrl } = await testConfig();
  const wrapper = await fixture<HTMLDivElement>(
    `<div><pluggy-connect-button token-url="${tokenUrl(key, mode)}" connect-url="${connectUrl}" include-sandbox load-timeout="10000" ${attributes}></pluggy-connect-button></div>`,
  );
  const el = wrapper.querySelector('pluggy-connect-button');
  if (!el) throw new Error('not rendered');
  await el.updateComplete;
  return el;
}

const types = (events: RecordedEvent[]) => events.map((event) => event.type);
const widgetEvents = (events: RecordedEvent[]) =>
  events.filter((event) => event.type === 'pluggy-event').map((event) => String(event.detail.event));
const zoidFrames = () => document.querySelectorAll('iframe[name^="__zoid__"]').length;
const modalClasses = () => [...document.body.classList].filter((name) => name.endsWith('_has-modal-visible'));
/** The widget's frame is rendered (zoid hides a minimised widget with `display: none`). */
const frameShows = () =>
  (document.querySelector('iframe[name^="__zoid__"]')?.getClientRects().length ?? 0) > 0;

async function runUntilClosed(el: PluggyConnectButton): Promise<RecordedEvent[]> {
  const events = recordEvents(el);
  const closed = oneEvent(el, 'pluggy-close');
  innerButton(el).click();
  await closed;
  return events;
}

describe('<pluggy-connect-button> with the real SDK and the emulator', function () {
  this.timeout(30000);

  beforeEach(() => clearAutopilot());
  afterEach(async () => {
    fixtureCleanup();
    await emulateMedia({ colorScheme: null });
  });

  it('passes each attribute to the widget page as the SDK prop', async () => {
    const { connectUrl } = await testConfig();
    await queueAutopilot({ closeAt: 'consent' });
    const el = await button(
      uniqueKey(),
      'language="en" theme="dark" connector-types="PERSONAL_BANK BUSINESS_BANK" connector-ids="0,2" countries="BR" products="ACCOUNTS,TRANSACTIONS" selected-connector-id="0" allow-connect-in-background allow-fullscreen="false" cpf="123.456.789-09" cnpj="12345678000195" force-oauth-in-browser force-ask-for-credentials connector-sort-alphabetically',
    );
    const events = recordEvents(el);
    await runUntilClosed(el);
    const session = (await sessions()).at(-1);
    expect(session?.props).to.deep.include({
      url: connectUrl,
      includeSandbox: true,
      language: 'en',
      theme: 'dark',
      connectorTypes: ['PERSONAL_BANK', 'BUSINESS_BANK'],
      connectorIds: [0, 2],
      countries: ['BR'],
      products: ['ACCOUNTS', 'TRANSACTIONS'],
      selectedConnectorId: 0,
      allowConnectInBackground: true,
      allowFullscreen: false,
      openFinanceParameters: { cpf: '12345678909', cnpj: '12345678000195' },
      forceOauthInBrowser: true,
      forceAskForCredentials: true,
      connectorSortAlphabetically: true,
    });
    expect(session?.props.connectToken).to.be.a('string').with.length.above(20);
    expect(session?.callbacks).to.include.members([
      'onSuccessProp',
      'onErrorProp',
      'onEventProp',
      'onCloseProp',
    ]);
    expect(types(events)).to.deep.equal(['pluggy-open', 'pluggy-close']);
    expect(el.state).to.equal('idle');
  });

  it('sends the nearest lang and the color scheme when language and theme are not set', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    await queueAutopilot({ closeAt: 'consent' });
    const { connectUrl } = await testConfig();
    const wrapper = await fixture<HTMLElement>(
      `<section lang="es-AR"><pluggy-connect-button token-url="${tokenUrl(uniqueKey(), 'emulator')}" connect-url="${connectUrl}" include-sandbox></pluggy-connect-button></section>`,
    );
    const el = wrapper.querySelector('pluggy-connect-button') as PluggyConnectButton;
    expect(innerButton(el).textContent?.trim()).to.equal('Conectar cuenta bancaria');
    await runUntilClosed(el);
    const session = (await sessions()).at(-1);
    expect(session?.props.language).to.equal('es');
    expect(session?.props.theme).to.equal('dark');

    await emulateMedia({ colorScheme: 'light' });
    await queueAutopilot({ closeAt: 'consent' });
    await runUntilClosed(el);
    expect((await sessions()).at(-1)?.props.theme).to.equal('light');
  });

  it('connects an item: open, the widget events, success with the item, one close', async () => {
    await queueAutopilot({ finish: 'close' });
    const el = await button(uniqueKey());
    const events = await runUntilClosed(el);
    expect(types(events)[0]).to.equal('pluggy-open');
    expect(types(events).at(-1)).to.equal('pluggy-close');
    expect(types(events).filter((type) => type === 'pluggy-close')).to.have.length(1);
    const successes = events.filter((event) => event.type === 'pluggy-success');
    expect(successes).to.have.length(1);
    const item = successes[0]?.detail.item as { id: string; status: string };
    expect(item.status).to.equal('UPDATED');
    expect(widgetEvents(events)).to.include.ordered.members([
      'SUBMITTED_CONSENT',
      'SELECTED_INSTITUTION',
      'SUBMITTED_LOGIN',
    ]);
    expect(widgetEvents(events)).to.include.members(['LOGIN_SUCCESS', 'ITEM_RESPONSE']);
    expect(el.state).to.equal('success');
    expect(el.value).to.equal(item.id);
    expect(zoidFrames()).to.equal(0);
    expect(modalClasses()).to.deep.equal([]);
  });

  it('answers MFA: each widget event reaches pluggy-event untouched, with the fields of its kind', async () => {
    await queueAutopilot({ connectorId: 5, mfa: ['123456'], finish: 'close' });
    const el = await button(uniqueKey());
    const events = await runUntilClosed(el);
    const payloads = events.filter((event) => event.type === 'pluggy-event').map((event) => event.detail);
    // What the Connect page passed to onEvent, as its test hook recorded it (reports arrive unordered).
    let recorded: Array<Record<string, unknown>> = [];
    await waitUntil(
      async () => {
        recorded = (await sessions()).at(-1)?.events ?? [];
        return recorded.length === payloads.length;
      },
      'the page reported other events',
      { timeout: 5000 },
    );
    expect(payloads).to.have.deep.members(recorded);
    for (const payload of payloads) expect(payload.timestamp, String(payload.event)).to.be.a('number');

    const named = (name: string) => payloads.filter((payload) => payload.event === name);
    expect(named('SELECTED_INSTITUTION')[0]?.connector).to.include({ id: 5 });
    const asked = named('ITEM_RESPONSE')
      .map((payload) => payload.item as { status: string; parameter?: { name: string } })
      .find((item) => item.status === 'WAITING_USER_INPUT');
    expect(asked?.parameter?.name).to.equal('token');
    expect(named('SUBMITTED_MFA').map((payload) => Object.keys(payload).sort())).to.deep.equal([
      ['event', 'timestamp'],
    ]);
    expect(named('LOGIN_SUCCESS')).to.deep.equal([]);
    const [success] = events.filter((event) => event.type === 'pluggy-success');
    const item = success?.detail.item as { id: string; status: string };
    expect(item.status).to.equal('UPDATED');
    expect(named('LOGIN_MFA_SUCCESS').map((payload) => (payload.item as { id: string }).id)).to.deep.equal([
      item.id,
    ]);
    const order = widgetEvents(events);
    expect(order.indexOf('SUBMITTED_LOGIN')).to.be.within(0, order.indexOf('SUBMITTED_MFA') - 1);
    expect(order.indexOf('SUBMITTED_MFA')).to.be.below(order.indexOf('LOGIN_MFA_SUCCESS'));
    const outcomes = events.filter((event) => event.type !== 'pluggy-event');
    expect(outcomes.map((event) => [event.type, event.detail])).to.deep.equal([
      ['pluggy-open', {}],
      ['pluggy-success', { item: success?.detail.item }],
      ['pluggy-close', {}],
    ]);
    expect(el.state).to.equal('success');
  });

  it('reports a wrong password as WIDGET_ERROR with the item, then the close', async () => {
    await queueAutopilot({ credentials: { user: 'user-ok', password: 'wrong-password' }, finish: 'close' });
    const el = await button(uniqueKey());
    const events = await runUntilClosed(el);
    const errors = events.filter((event) => event.type === 'pluggy-error');
    expect(errors).to.have.length(1);
    expect(errors[0]?.detail).to.include({ code: 'WIDGET_ERROR', phase: 'widget', retryable: true });
    expect((errors[0]?.detail.item as { status: string }).status).to.equal('LOGIN_ERROR');
    expect(types(events)).not.to.include('pluggy-success');
    expect(el.state).to.equal('error');
    await expect(el).to.be.accessible();
  });

  it('closes once on Escape and returns focus to the button', async () => {
    await queueAutopilot({ finish: 'escape' });
    const el = await button(uniqueKey());
    const events = await runUntilClosed(el);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(types(events).filter((type) => type === 'pluggy-close')).to.have.length(1);
    expect(el.shadowRoot?.activeElement).to.equal(innerButton(el));
  });

  it('reports pluggy-hide when the user continues in the background, then closes on close()', async () => {
    await queueAutopilot({ finish: 'minimize' });
    const el = await button(uniqueKey(), 'allow-connect-in-background');
    const events = recordEvents(el);
    const hidden = oneEvent(el, 'pluggy-hide');
    innerButton(el).click();
    expect((await hidden).detail).to.deep.equal({});
    const outcomes = types(events).filter((type) => type !== 'pluggy-event');
    expect(outcomes).to.deep.equal(['pluggy-open', 'pluggy-success', 'pluggy-hide']);
    await waitUntil(() => modalClasses().length === 0, 'the page stayed scroll-locked', { timeout: 5000 });
    await el.close();
    expect(
      events.filter((event) => event.type === 'pluggy-close').map((event) => event.detail),
    ).to.deep.equal([{}]);
    expect(zoidFrames()).to.equal(0);
  });

  it('keeps one widget when open() is called on its success screen, and closes it once', async () => {
    await queueAutopilot({ finish: 'stay' });
    const el = await button(uniqueKey());
    const events = recordEvents(el);
    const connected = oneEvent(el, 'pluggy-success');
    innerButton(el).click();
    await connected;
    const sessionCount = (await sessions()).length;
    await el.open();
    innerButton(el).click();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await sessions()).length).to.equal(sessionCount);
    expect(zoidFrames()).to.equal(1);
    const closed = oneEvent(el, 'pluggy-close');
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await closed;
    await waitUntil(() => zoidFrames() === 0, 'the widget frame stayed', { timeout: 5000 });
    expect(modalClasses()).to.deep.equal([]);
    const outcomes = types(events).filter((type) => type !== 'pluggy-event');
    expect(outcomes).to.deep.equal(['pluggy-open', 'pluggy-success', 'pluggy-close']);
    expect(el.state).to.equal('success');
  });

  it('shows the minimised widget again on the next click, and refuses another button meanwhile', async () => {
    await queueAutopilot({ finish: 'minimize' });
    const el = await button(uniqueKey(), 'allow-connect-in-background');
    const other = await button(uniqueKey());
    const events = recordEvents(el);
    const hidden = oneEvent(el, 'pluggy-hide');
    innerButton(el).click();
    await hidden;
    await waitUntil(() => !frameShows(), 'the frame stayed visible', { timeout: 5000 });
    const sessionCount = (await sessions()).length;
    const refused = oneEvent(other, 'pluggy-error');
    innerButton(other).click();
    expect((await refused).detail.code).to.equal('ALREADY_OPEN');
    const reopened = oneEvent(el, 'pluggy-open');
    innerButton(el).click();
    await reopened;
    expect(frameShows()).to.equal(true);
    expect(modalClasses()).to.have.length(1);
    expect(zoidFrames()).to.equal(1);
    expect((await sessions()).length).to.equal(sessionCount);
    await el.close();
    const outcomes = types(events).filter((type) => type !== 'pluggy-event');
    expect(outcomes).to.deep.equal([
      'pluggy-open',
      'pluggy-success',
      'pluggy-hide',
      'pluggy-open',
      'pluggy-close',
    ]);
    expect(zoidFrames()).to.equal(0);
    expect(modalClasses()).to.deep.equal([]);
  });

  it('fetches a fresh token after the widget refused one, instead of reopening with it', async () => {
    const key = uniqueKey();
    const el = await button(key, 'language="en"', 'ok');
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const opened = oneEvent(el, 'pluggy-open');
      const refused = oneEvent(el, 'pluggy-error');
      innerButton(el).click();
      const [, { detail }] = await Promise.all([opened, refused]);
      expect(detail).to.include({ code: 'WIDGET_ERROR', phase: 'widget', retryable: true });
      expect(detail.message).to.contain('connect token is invalid or was rejected');
      expect(detail.item).to.equal(undefined);
      const closed = oneEvent(el, 'pluggy-close');
      await el.close();
      await closed;
      expect(el.state).to.equal('error');
    }
    expect(await tokenCalls(key)).to.have.length(2);
    const [first, second] = (await sessions()).slice(-2);
    expect(first?.props.connectToken).to.be.a('string');
    expect(second?.props.connectToken).not.to.equal(first?.props.connectToken);
  });

  it('opens in update mode: asks the token for the item and the widget updates that item', async () => {
    await queueAutopilot({ finish: 'close' });
    const first = await button(uniqueKey());
    await runUntilClosed(first);
    const itemId = first.value;
    fixtureCleanup();

    const key = uniqueKey();
    await queueAutopilot({ finish: 'close' });
    const el = await button(key, `item-id="${itemId}"`);
    expect(innerButton(el).textContent?.trim()).to.equal('Atualizar conexão');
    const events = await runUntilClosed(el);
    expect((await tokenCalls(key)).map((call) => call.body)).to.deep.equal([{ itemId }]);
    expect((await sessions()).at(-1)?.props.updateItem).to.equal(itemId);
    const success = events.find((event) => event.type === 'pluggy-success');
    expect((success?.detail.item as { id: string }).id).to.equal(itemId);
  });

  it('is accessible while the widget is open', async () => {
    const el = await button(uniqueKey());
    const opened = oneEvent(el, 'pluggy-open');
    innerButton(el).click();
    await opened;
    expect(el.state).to.equal('open');
    await expect(el).to.be.accessible();
    await el.close();
  });

  it('times out a frame that never loads (WIDGET_LOAD_TIMEOUT) and cleans up, then opens normally', async () => {
    const { blackholeUrl } = await testConfig();
    const el = await button(uniqueKey());
    el.connectUrl = blackholeUrl;
    el.loadTimeout = 1500;
    const error = oneEvent(el, 'pluggy-error');
    innerButton(el).click();
    expect((await error).detail).to.include({
      code: 'WIDGET_LOAD_TIMEOUT',
      phase: 'widget',
      retryable: true,
    });
    await waitUntil(() => zoidFrames() === 0, undefined, { timeout: 5000 });
    expect(modalClasses()).to.deep.equal([]);
    expect(el.state).to.equal('error');

    await queueAutopilot({ closeAt: 'consent' });
    const working = await button(uniqueKey());
    const events = await runUntilClosed(working);
    expect(types(events)).to.deep.equal(['pluggy-open', 'pluggy-close']);
  });

  it('closes the widget and leaves nothing behind when removed while loading', async () => {
    const el = await button(uniqueKey());
    const events = recordEvents(el);
    innerButton(el).click();
    await waitUntil(() => zoidFrames() === 1, 'the widget frame never appeared', { timeout: 10000 });
    el.remove();
    await waitUntil(() => zoidFrames() === 0, 'the widget frame stayed', { timeout: 5000 });
    expect(modalClasses()).to.deep.equal([]);
    expect(types(events)).not.to.include('pluggy-open');
  });

  it('shares one token and one frame between double clicks, and refuses a second button (ALREADY_OPEN)', async () => {
    const key = uniqueKey();
    const el = await button(key, 'preload="none"');
    const other = await button(uniqueKey());
    const opened = oneEvent(el, 'pluggy-open');
    innerButton(el).click();
    innerButton(el).click();
    await opened;
    const refused = oneEvent(other, 'pluggy-error');
    innerButton(other).click();
    expect((await refused).detail.code).to.equal('ALREADY_OPEN');
    expect(zoidFrames()).to.equal(1);
    expect(await tokenCalls(key)).to.have.length(1);
    await el.close();
    expect(zoidFrames()).to.equal(0);
  });

  it('leaves no extra iframe, body class or listener after 20 open/close cycles', async function () {
    this.timeout(90000);
    const el = await button(uniqueKey(), 'preload="none"');
    const cycle = async () => {
      const opened = oneEvent(el, 'pluggy-open');
      await el.open();
      await opened;
      await el.close();
    };
    await cycle();
    const listeners = trackListeners();
    try {
      const before = listeners.count();
      for (let index = 0; index < 20; index += 1) await cycle();
      expect(listeners.count()).to.equal(before);
    } finally {
      listeners.restore();
    }
    expect(document.querySelectorAll('iframe')).to.have.length(0);
    expect(modalClasses()).to.deep.equal([]);
  });
});
