/**
 * Browser conformance: the official pluggy-connect-sdk, on a host page of another loopback origin,
 * opens the emulator's Connect page; the test clicks inside the cross-origin iframe like a user and
 * asserts what the host's callbacks receive.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { startEmulator } from '../src/index.js';
import {
  accessibilityViolations,
  describeCall,
  launchChromium,
  openConnect,
  recordedCalls,
  startHostPage,
  waitForCall,
  widgetFrame,
  type HostPage,
  type RecordedCall,
} from './connect-harness.js';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
// Payloads read back from the browser and the wire; the assertions below check their shapes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const TEST_TIMEOUT_MS = 30_000;

// The suite's budget covers all its tests (24, each capped at TEST_TIMEOUT_MS) on a shared 2-core machine.
describe('Connect page driven by the official pluggy-connect-sdk', { timeout: 240_000 }, () => {
  let emu: Emulator;
  let host: HostPage;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let frame: FrameLocator;
  let consoleErrors: string[];

  const api = async (method: string, path: string, body?: unknown, apiKey?: string): Promise<Json> => {
    const response = await fetch(`${emu.apiUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(apiKey ? { 'X-API-KEY': apiKey } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    assert.ok(response.ok, `${method} ${path} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : {}) as Json;
  };
  const apiKey = async () =>
    (await api('POST', '/auth', { clientId: emu.clientId, clientSecret: emu.clientSecret })).apiKey as string;
  const connectToken = async (body: Json = {}) =>
    (await api('POST', '/connect_token', body, await apiKey())).accessToken as string;
  const sessions = async () => (await api('GET', '/__emulator/connect/sessions')) as unknown as Json[];

  const open = async (props: Json) =>
    openConnect(page, { url: emu.connectUrl, includeSandbox: true, language: 'en', ...props });
  const acceptConsent = () => frame.locator('[data-action="accept-consent"]').click();
  const logIn = async (user: string, password: string) => {
    await frame.locator('input[name="user"]').fill(user);
    await frame.locator('input[name="password"]').fill(password);
    await frame.locator('form button[type="submit"]').click();
  };
  /** The connector ids of the institution list, in the order shown. */
  const listedIds = () =>
    frame
      .locator('[data-connector-id]')
      .evaluateAll((buttons) => buttons.map((b) => Number(b.getAttribute('data-connector-id'))));
  const events = (calls: RecordedCall[]) =>
    calls.filter((call) => call.name === 'event').map((call) => call.payload as Json);
  const eventNames = (calls: RecordedCall[]) => events(calls).map((event) => event.event as string);
  const callsNamed = (calls: RecordedCall[], name: RecordedCall['name']) =>
    calls.filter((call) => call.name === name);
  const assertAccessible = async (screen: string) => {
    assert.deepEqual(await accessibilityViolations(page), [], `axe findings on the ${screen} screen`);
  };
  /** Waits past the close so a second onClose, if any, would have arrived. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

  before(async () => {
    [emu, host, browser] = await Promise.all([startEmulator({}), startHostPage(), launchChromium()]);
  });
  after(async () => {
    await browser?.close();
    await host?.close();
    await emu?.stop();
  });
  beforeEach(async () => {
    await api('POST', '/__emulator/reset');
    context = await browser.newContext();
    page = await context.newPage();
    consoleErrors = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.goto(host.url);
    frame = widgetFrame(page);
  });
  afterEach(async () => {
    await context.close();
    // HTTP errors the tests provoke on purpose are logged by Chromium; anything else is a page bug.
    const unexpected = consoleErrors.filter(
      (text) => !text.startsWith('Failed to load resource: the server responded'),
    );
    assert.deepEqual(unexpected, [], 'errors in the browser console');
  });

  it(
    'connects user-ok: onSuccess gets the UPDATED item, created with the token options',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const token = await connectToken({ options: { clientUserId: 'user-42' } });
      await open({ connectToken: token });
      await acceptConsent();
      await frame.locator('[data-connector-id="0"]').click();
      await logIn('user-ok', 'password-ok');

      const calls = await waitForCall(page, (call) => call.name === 'success');
      const success = callsNamed(calls, 'success');
      assert.equal(success.length, 1);
      const item = success[0]!.payload!.item as Json;
      assert.equal(item.status, 'UPDATED');
      assert.equal(item.executionStatus, 'SUCCESS');
      assert.equal(item.connector.id, 0);
      assert.equal(item.clientUserId, 'user-42');

      const names = eventNames(calls);
      assert.deepEqual(names.slice(0, 3), ['SUBMITTED_CONSENT', 'SELECTED_INSTITUTION', 'SUBMITTED_LOGIN']);
      assert.ok(names.includes('ITEM_RESPONSE'));
      assert.ok(names.includes('LOGIN_SUCCESS') && names.includes('LOGIN_STEP_COMPLETED'));
      assert.ok(names.indexOf('LOGIN_SUCCESS') < names.indexOf('LOGIN_STEP_COMPLETED'));
      assert.ok(!names.includes('LOGIN_MFA_SUCCESS'));
      for (const event of events(calls)) assert.equal(typeof event.timestamp, 'number');
      const selected = events(calls).find((event) => event.event === 'SELECTED_INSTITUTION')!;
      assert.equal(selected.connector.id, 0);
      const lastResponse = events(calls)
        .filter((event) => event.event === 'ITEM_RESPONSE')
        .at(-1)!;
      assert.equal(lastResponse.item.id, item.id);
      assert.deepEqual(callsNamed(calls, 'error'), []);
      assert.equal(calls[0]!.name, 'open');

      await frame.getByRole('heading', { name: 'Account connected' }).waitFor();
      await assertAccessible('success');
      await frame.locator('[data-action="close"]').click();
      await waitForCall(page, (call) => call.name === 'close');
      await settle();
      assert.equal(callsNamed(await recordedCalls(page), 'close').length, 1);
      assert.equal(await page.locator('iframe[name^="__zoid__pluggy_connect_widget__"]').count(), 0);

      const session = (await sessions()).at(-1);
      assert.equal(session!.result, 'success');
      assert.equal(session!.closed, true);
      assert.deepEqual(
        session!.events.map((event: Json) => event.event),
        names,
      );
    },
  );

  it('asks the 2-step MFA question and succeeds with 123456', { timeout: TEST_TIMEOUT_MS }, async () => {
    await open({ connectToken: await connectToken() });
    await acceptConsent();
    await frame.locator('[data-connector-id="5"]').click();
    await logIn('user-ok', 'password-ok');
    await frame.getByRole('heading', { name: 'Additional verification' }).waitFor();
    await assertAccessible('MFA');
    await frame.locator('form [name="token"]').fill('123456');
    await frame.locator('form button[type="submit"]').click();

    const calls = await waitForCall(page, (call) => call.name === 'success');
    const names = eventNames(calls);
    for (const name of ['SUBMITTED_LOGIN', 'SUBMITTED_MFA', 'LOGIN_MFA_SUCCESS'])
      assert.ok(names.includes(name), `${name} was sent`);
    assert.ok(names.indexOf('SUBMITTED_LOGIN') < names.indexOf('SUBMITTED_MFA'));
    assert.ok(names.indexOf('SUBMITTED_MFA') < names.indexOf('LOGIN_MFA_SUCCESS'));
    assert.ok(!names.includes('LOGIN_SUCCESS'));
    const waiting = events(calls).find(
      (event) => event.event === 'ITEM_RESPONSE' && event.item.status === 'WAITING_USER_INPUT',
    );
    assert.equal(waiting?.item.parameter.name, 'token');
    assert.equal((callsNamed(calls, 'success')[0]!.payload!.item as Json).status, 'UPDATED');
  });

  it(
    'shows a wrong MFA code as an error, and "try again" asks the question again',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      await open({ connectToken: await connectToken() });
      await acceptConsent();
      await frame.locator('[data-connector-id="5"]').click();
      await logIn('user-ok', 'password-ok');
      await frame.locator('form [name="token"]').fill('000000');
      await frame.locator('form button[type="submit"]').click();
      const failed = await waitForCall(page, (call) => call.name === 'error');
      const error = callsNamed(failed, 'error')[0]!.payload as Json;
      assert.equal(error.data.item.executionStatus, 'INVALID_CREDENTIALS_MFA');
      await frame.getByRole('alert').filter({ hasText: 'The verification code is wrong.' }).waitFor();

      await frame.locator('[data-action="try-again"]').click();
      await frame.locator('input[name="password"]').fill('password-ok');
      await frame.locator('form button[type="submit"]').click();
      await frame.getByRole('heading', { name: 'Additional verification' }).waitFor();
      await frame.locator('form [name="token"]').fill('123456');
      await frame.locator('form button[type="submit"]').click();
      const calls = await waitForCall(page, (call) => call.name === 'success');
      assert.equal((callsNamed(calls, 'success')[0]!.payload!.item as Json).id, error.data.item.id);
      assert.equal(eventNames(calls).filter((name) => name === 'SUBMITTED_MFA').length, 2);
    },
  );

  it(
    'shows a wrong password, calls onError with the item, and "try again" updates the same item',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      await open({ connectToken: await connectToken() });
      await acceptConsent();
      await frame.locator('[data-connector-id="0"]').click();
      await logIn('user-ok', 'wrong-password');

      const failed = await waitForCall(page, (call) => call.name === 'error');
      const error = callsNamed(failed, 'error')[0]!.payload as Json;
      assert.equal(typeof error.message, 'string');
      assert.ok(error.message.length > 0);
      assert.equal(error.data.item.status, 'LOGIN_ERROR');
      assert.equal(error.data.item.executionStatus, 'INVALID_CREDENTIALS');
      await frame.getByRole('alert').filter({ hasText: 'Wrong user or password.' }).waitFor();
      await assertAccessible('error');
      assert.deepEqual(callsNamed(failed, 'success'), []);

      await frame.locator('[data-action="try-again"]').click();
      assert.equal(
        await frame.locator('input[name="user"]').inputValue(),
        'user-ok',
        'the user name is kept',
      );
      assert.equal(await frame.locator('input[name="password"]').inputValue(), '', 'the password is not');
      await logIn('user-ok', 'password-ok');
      const calls = await waitForCall(page, (call) => call.name === 'success');
      assert.equal((callsNamed(calls, 'success')[0]!.payload!.item as Json).id, error.data.item.id);
      const items = (await api('GET', '/__emulator/items')) as unknown as Json[];
      assert.equal(items.length, 1);
    },
  );

  it(
    'rides out failing polls and asks to retry when creating the item fails (injected 503s)',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      await open({ connectToken: await connectToken() });
      await acceptConsent();
      await frame.locator('[data-connector-id="0"]').click();
      await api('POST', '/__emulator/faults', { path: '/items', method: 'POST', count: 1, status: 503 });
      await logIn('user-ok', 'password-ok');
      await frame.getByRole('alert').filter({ hasText: 'The service did not answer. Try again.' }).waitFor();
      assert.deepEqual(await api('GET', '/__emulator/items'), []);

      await api('POST', '/__emulator/faults', { path: '/items/', method: 'GET', count: 2, status: 503 });
      await frame.locator('input[name="password"]').fill('password-ok');
      await frame.locator('form button[type="submit"]').click();
      const calls = await waitForCall(page, (call) => call.name === 'success');
      assert.deepEqual(callsNamed(calls, 'error'), []);
      assert.equal(eventNames(calls).filter((name) => name === 'SUBMITTED_LOGIN').length, 2);
    },
  );

  it('reports a locked account through onError', { timeout: TEST_TIMEOUT_MS }, async () => {
    await open({ connectToken: await connectToken() });
    await acceptConsent();
    await frame.locator('[data-connector-id="0"]').click();
    await logIn('user-locked', 'password-ok');
    const calls = await waitForCall(page, (call) => call.name === 'error');
    const error = callsNamed(calls, 'error')[0]!.payload as Json;
    assert.equal(error.data.item.executionStatus, 'ACCOUNT_LOCKED');
    assert.equal(error.data.item.error.code, 'ACCOUNT_LOCKED');
    await frame.getByRole('heading', { name: 'Could not connect' }).waitFor();
  });

  it('updates an existing item in update mode (updateItem)', { timeout: TEST_TIMEOUT_MS }, async () => {
    const key = await apiKey();
    const created = await api(
      'POST',
      '/items',
      { connectorId: 0, parameters: { user: 'user-ok', password: 'password-ok' } },
      key,
    );
    for (
      let i = 0;
      i < 100 && (await api('GET', `/items/${created.id}`, undefined, key)).status !== 'UPDATED';
      i += 1
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const token = await connectToken({ itemId: created.id });
    await open({ connectToken: token, updateItem: created.id });
    await acceptConsent();
    await frame.getByRole('heading', { name: /Update your .* connection/ }).waitFor();
    assert.equal(await frame.locator('[data-connector-id]').count(), 0, 'no institution list in update mode');
    await logIn('user-ok', 'password-ok');

    const calls = await waitForCall(page, (call) => call.name === 'success');
    assert.equal((callsNamed(calls, 'success')[0]!.payload!.item as Json).id, created.id);
    assert.ok(!eventNames(calls).includes('SELECTED_INSTITUTION'));
    const items = (await api('GET', '/__emulator/items')) as unknown as Json[];
    assert.equal(items.length, 1, 'no new item was created');
    const session = (await sessions()).at(-1);
    assert.equal(session!.props.updateItem, created.id);
  });

  it(
    'update mode on an item waiting for its MFA answer resumes at the question',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const key = await apiKey();
      const created = await api(
        'POST',
        '/items',
        { connectorId: 5, parameters: { user: 'user-ok', password: 'password-ok' } },
        key,
      );
      for (
        let i = 0;
        i < 100 && (await api('GET', `/items/${created.id}`, undefined, key)).status !== 'WAITING_USER_INPUT';
        i += 1
      ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await open({ connectToken: await connectToken({ itemId: created.id }), updateItem: created.id });
      await acceptConsent();
      await frame.getByRole('heading', { name: 'Additional verification' }).waitFor();
      assert.equal(await frame.locator('input[name="password"]').count(), 0, 'no credentials asked again');
      await frame.locator('form [name="token"]').fill('123456');
      await frame.locator('form button[type="submit"]').click();

      const calls = await waitForCall(page, (call) => call.name === 'success');
      const item = callsNamed(calls, 'success')[0]!.payload!.item as Json;
      assert.equal(item.id, created.id);
      assert.equal(item.status, 'UPDATED');
      const names = eventNames(calls);
      assert.ok(names.includes('SUBMITTED_MFA') && !names.includes('SUBMITTED_LOGIN'));
      assert.equal(((await api('GET', '/__emulator/items')) as unknown as Json[]).length, 1);
    },
  );

  it(
    'speaks Portuguese by default and closes once from the close button',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      await open({ connectToken: await connectToken(), language: undefined });
      await frame.getByRole('heading', { name: 'Conecte sua conta' }).waitFor();
      await assertAccessible('consent');
      await frame.getByRole('button', { name: 'Fechar' }).click();
      await waitForCall(page, (call) => call.name === 'close');
      await settle();
      assert.deepEqual((await recordedCalls(page)).map(describeCall), ['open', 'close']);
      assert.equal((await sessions()).at(-1)!.result, 'closed');

      // Opening again is a fresh page load (a new session), and again exactly one onClose.
      await open({ connectToken: await connectToken() });
      await frame.getByRole('button', { name: 'Close' }).click();
      await page.waitForFunction(
        () =>
          (window as unknown as { calls: RecordedCall[] }).calls.filter((call) => call.name === 'close')
            .length >= 2,
      );
      await settle();
      assert.deepEqual((await recordedCalls(page)).map(describeCall), ['open', 'close', 'open', 'close']);
      assert.equal((await sessions()).length, 2);
    },
  );

  it(
    'treats PARTIAL_SUCCESS as success (onSuccess) and says some data is missing',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      await api('POST', '/__emulator/connect/autopilot', {
        credentials: { user: 'user-ok-account-error', password: 'password-ok' },
      });
      await open({ connectToken: await connectToken() });
      const calls = await waitForCall(page, (call) => call.name === 'success');
      const item = callsNamed(calls, 'success')[0]!.payload!.item as Json;
      assert.equal(item.status, 'UPDATED');
      assert.equal(item.executionStatus, 'PARTIAL_SUCCESS');
      assert.deepEqual(callsNamed(calls, 'error'), []);
      await frame.getByText('Some data could not be collected now and will be updated later.').waitFor();
    },
  );

  it('closes once on Escape pressed inside the frame', { timeout: TEST_TIMEOUT_MS }, async () => {
    await open({ connectToken: await connectToken() });
    await acceptConsent();
    const search = frame.locator('#connector-search');
    await search.click();
    await assertAccessible('institution list');
    await search.press('Escape');
    await waitForCall(page, (call) => call.name === 'close');
    await settle();
    assert.equal(callsNamed(await recordedCalls(page), 'close').length, 1);
    assert.equal(await page.locator('iframe[name^="__zoid__pluggy_connect_widget__"]').count(), 0);
  });

  it(
    'validates a credential with the connector regex and message before calling the API',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const connector = await api('GET', '/connectors/0', undefined, await apiKey());
      const userField = (connector.credentials as Json[]).find((credential) => credential.name === 'user')!;
      await open({ connectToken: await connectToken() });
      await acceptConsent();
      await frame.locator('[data-connector-id="0"]').click();
      await logIn('bob', 'password-ok');

      const input = frame.locator('input[name="user"]');
      assert.equal(await input.getAttribute('aria-invalid'), 'true');
      const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
      const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'));
      assert.ok(errorId, 'the input points at its error message');
      assert.equal(await frame.locator(`[id="${errorId}"]`).textContent(), userField.validationMessage);
      assert.equal(
        await frame.locator('.form-error[role="alert"]').textContent(),
        'Fix the highlighted fields.',
      );
      assert.equal(
        await input.evaluate((element) => element === document.activeElement),
        true,
        'focus moves to the field',
      );
      assert.deepEqual(eventNames(await recordedCalls(page)), ['SUBMITTED_CONSENT', 'SELECTED_INSTITUTION']);
      await assertAccessible('credentials form with errors');
      assert.deepEqual(await api('GET', '/__emulator/items'), []);
    },
  );

  it('shows an invalid connect token and calls onError', { timeout: TEST_TIMEOUT_MS }, async () => {
    await open({ connectToken: 'not-a-jwt-at-all' });
    const calls = await waitForCall(page, (call) => call.name === 'error');
    assert.match((callsNamed(calls, 'error')[0]!.payload as Json).message, /connect token/i);
    await frame.getByRole('heading', { name: 'Invalid session' }).waitFor();
    assert.equal(await frame.locator('[data-action="accept-consent"]').count(), 0);
    await assertAccessible('token error');
  });

  it(
    'shows a connect token that expired on the emulator clock (API refusal) and calls onError',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const token = await connectToken();
      await api('POST', '/__emulator/clock/advance', { ms: 31 * 60_000 });
      await open({ connectToken: token });
      const calls = await waitForCall(page, (call) => call.name === 'error');
      assert.match((callsNamed(calls, 'error')[0]!.payload as Json).message, /connect token/i);
      await frame.getByRole('heading', { name: 'Invalid session' }).waitFor();
    },
  );

  it(
    'shows an unknown selectedConnectorId as an error without retry and calls onError',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      await open({ connectToken: await connectToken(), selectedConnectorId: 987654 });
      const calls = await waitForCall(page, (call) => call.name === 'error');
      const error = callsNamed(calls, 'error')[0]!.payload as Json;
      assert.ok(error.message.length > 0);
      assert.equal(error.data, undefined);
      await frame.getByRole('heading', { name: 'Could not connect' }).waitFor();
      assert.equal(await frame.locator('[data-action="try-again"]').count(), 0);
      assert.equal(await frame.locator('[data-action="accept-consent"]').count(), 0);
    },
  );

  it(
    'reports every data prop and callback name it received to the test hook',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const token = await connectToken();
      const props = {
        connectToken: token,
        includeSandbox: true,
        language: 'es',
        theme: 'dark',
        connectorTypes: ['PERSONAL_BANK'],
        connectorIds: [5, 0, 2],
        countries: ['BR'],
        products: ['ACCOUNTS', 'TRANSACTIONS'],
        allowConnectInBackground: true,
        allowFullscreen: false,
        openFinanceParameters: { cpf: '00000000191' },
        forceOauthInBrowser: true,
        forceAskForCredentials: true,
        connectorSortAlphabetically: true,
      };
      await open(props);
      await frame.getByRole('heading', { name: 'Conecta tu cuenta' }).waitFor();
      assert.equal(await frame.locator('html').getAttribute('data-theme'), 'dark');
      assert.equal(await frame.locator('html').getAttribute('lang'), 'es');
      await acceptConsent();
      // Only the connectorIds, by name (Pluggy Bank, ... MFA 2-step, ... Pessoal), not in API order (0, 2, 5).
      await frame.locator('[data-connector-id]').first().waitFor();
      assert.deepEqual(await listedIds(), [0, 5, 2]);
      await assertAccessible('dark institution list');

      const session = (await sessions()).at(-1);
      for (const [name, value] of Object.entries(props)) assert.deepEqual(session!.props[name], value, name);
      assert.equal(session!.props.url, emu.connectUrl);
      assert.ok(Array.isArray(session!.props.sdkVersion));
      for (const name of ['onSuccessProp', 'onErrorProp', 'onEventProp', 'onHideProp', 'close']) {
        assert.ok(session!.callbacks.includes(name), name);
      }
    },
  );

  it(
    'going back from the credentials form sends SELECTED_INSTITUTION with connector null',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      await open({ connectToken: await connectToken() });
      await acceptConsent();
      await frame.locator('[data-connector-id="0"]').click();
      await frame.locator('input[name="user"]').waitFor();
      await frame.locator('[data-action="back"]').click();
      await frame.locator('[data-connector-id="5"]').click();
      await frame.locator('input[name="user"]').waitFor();

      const calls = await waitForCall(
        page,
        (call) =>
          call.payload?.event === 'SELECTED_INSTITUTION' && (call.payload.connector as Json | null)?.id === 5,
      );
      assert.deepEqual(eventNames(calls), [
        'SUBMITTED_CONSENT',
        'SELECTED_INSTITUTION',
        'SELECTED_INSTITUTION',
        'SELECTED_INSTITUTION',
      ]);
      const [, picked, back, pickedAgain] = events(calls);
      assert.equal(picked!.connector.id, 0);
      // pluggy.md §7.2: `connector: Connector | null`, null when the user navigates back; present, not absent.
      assert.ok('connector' in back!, 'the back event carries the connector field');
      assert.equal(back!.connector, null);
      assert.equal(typeof back!.timestamp, 'number');
      assert.equal(pickedAgain!.connector.id, 5);
      assert.deepEqual(
        (await sessions()).at(-1)!.events.map((event: Json) => event.connector?.id ?? event.connector),
        [undefined, 0, null, 5],
        'the test hook saw the same events',
      );
    },
  );

  it(
    'lists only the connectors of connectorTypes, and none without includeSandbox',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      await open({ connectToken: await connectToken(), connectorTypes: ['BUSINESS_BANK'] });
      await acceptConsent();
      await frame.locator('[data-connector-id]').first().waitFor();
      assert.deepEqual(await listedIds(), [8]);
      await frame.getByRole('button', { name: 'Close' }).click();
      await waitForCall(page, (call) => call.name === 'close');

      // Every emulator connector is a sandbox one, so without includeSandbox the list is empty.
      await open({ connectToken: await connectToken(), includeSandbox: false });
      await acceptConsent();
      await frame.getByRole('status').filter({ hasText: 'No institution found.' }).waitFor();
      assert.deepEqual(await listedIds(), []);
      assert.equal((await sessions()).at(-1)!.props.includeSandbox, false);
    },
  );

  it(
    'sorts the list by name when the connect token asks for it, unless the widget prop says otherwise',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      // The catalogue's API order, and the same connectors by name.
      const apiOrder = [0, 2, 4, 5, 8];
      const byName = [8, 0, 4, 5, 2];
      const sortingToken = () => connectToken({ options: { connectorSortAlphabetically: true } });

      await open({ connectToken: await sortingToken() });
      await acceptConsent();
      await frame.locator('[data-connector-id]').first().waitFor();
      assert.deepEqual(await listedIds(), byName, 'the token option alone sorts');
      await frame.getByRole('button', { name: 'Close' }).click();
      await waitForCall(page, (call) => call.name === 'close');

      await open({ connectToken: await sortingToken(), connectorSortAlphabetically: false });
      await acceptConsent();
      await frame.locator('[data-connector-id]').first().waitFor();
      assert.deepEqual(await listedIds(), apiOrder, 'an explicit false prop wins over the token');
      assert.equal((await sessions()).at(-1)!.props.connectorSortAlphabetically, false);
    },
  );

  it(
    'works with an old SDK (2.2.1) that passes plain callback names',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const legacyHost = await startHostPage('pluggy-connect-sdk-2.2');
      try {
        await page.goto(legacyHost.url);
        await api('POST', '/__emulator/connect/autopilot', { finish: 'close' });
        await open({ connectToken: await connectToken() });
        const calls = await waitForCall(page, (call) => call.name === 'close');
        const item = callsNamed(calls, 'success')[0]?.payload?.item as Json | undefined;
        assert.equal(item?.status, 'UPDATED');
        assert.deepEqual(callsNamed(calls, 'error'), []);
        assert.ok(eventNames(calls).includes('LOGIN_STEP_COMPLETED'));
        const session = (await sessions()).at(-1);
        assert.ok(session!.callbacks.includes('onSuccess'));
        assert.ok(!session!.callbacks.includes('onSuccessProp'));
      } finally {
        await legacyHost.close();
      }
    },
  );

  it('opened directly, without the SDK, explains how to use it', { timeout: TEST_TIMEOUT_MS }, async () => {
    await page.goto(emu.connectUrl);
    await page.getByRole('heading', { name: /Pluggy Connect/ }).waitFor();
    assert.match((await page.locator('main').textContent()) ?? '', /pluggy-connect-sdk/);
    assert.deepEqual(await sessions(), [], 'no session without the SDK');
  });

  it('autopilot: drives MFA 2-step on its own and closes', { timeout: TEST_TIMEOUT_MS }, async () => {
    await api('POST', '/__emulator/connect/autopilot', { connectorId: 5, mfa: ['123456'], finish: 'close' });
    await open({ connectToken: await connectToken() });
    const calls = await waitForCall(page, (call) => call.name === 'close');
    await settle();
    const all = await recordedCalls(page);
    assert.deepEqual(all.filter((call) => call.name !== 'event').map(describeCall), [
      'open',
      'success',
      'close',
    ]);
    assert.ok(eventNames(calls).includes('SUBMITTED_MFA'));
    const session = (await sessions()).at(-1);
    assert.equal(session!.result, 'success');
    assert.equal(session!.autopilotError, undefined);
  });

  it(
    'autopilot: answers a select MFA question (user-ok-select) with its first option, then presses Escape',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      await api('POST', '/__emulator/connect/autopilot', {
        connectorId: 5,
        credentials: { user: 'user-ok-select', password: 'password-ok' },
        finish: 'escape',
      });
      await open({ connectToken: await connectToken() });
      const calls = await waitForCall(page, (call) => call.name === 'close');
      const question = events(calls).find(
        (event) => event.event === 'ITEM_RESPONSE' && event.item.status === 'WAITING_USER_INPUT',
      );
      assert.equal(question?.item.parameter.type, 'select');
      assert.ok(eventNames(calls).includes('SUBMITTED_MFA'));
      assert.deepEqual(calls.filter((call) => call.name !== 'event').map(describeCall), [
        'open',
        'success',
        'close',
      ]);
    },
  );

  it('autopilot: closeAt consent closes before anything happens', { timeout: TEST_TIMEOUT_MS }, async () => {
    await api('POST', '/__emulator/connect/autopilot', { closeAt: 'consent' });
    await open({ connectToken: await connectToken() });
    await waitForCall(page, (call) => call.name === 'close');
    await settle();
    assert.deepEqual((await recordedCalls(page)).map(describeCall), ['open', 'close']);
    const session = (await sessions()).at(-1);
    assert.equal(session!.result, 'closed');
    assert.deepEqual(session!.events, []);
  });

  it(
    'autopilot: 1-step MFA via selectedConnectorId, then continue in background',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      await api('POST', '/__emulator/connect/autopilot', { mfa: ['123456'], finish: 'minimize' });
      await open({
        connectToken: await connectToken(),
        selectedConnectorId: 4,
        allowConnectInBackground: true,
      });
      const calls = await waitForCall(page, (call) => call.name === 'hide');
      const names = eventNames(calls);
      assert.equal(names[0], 'SUBMITTED_CONSENT');
      assert.equal(events(calls)[1]!.connector.id, 4);
      assert.ok(names.includes('LOGIN_MFA_SUCCESS'));
      assert.ok(
        calls.findIndex((call) => call.name === 'success') < calls.findIndex((call) => call.name === 'hide'),
      );
      // The SDK only honours CONTINUE_IN_BACKGROUND from the exact `url` origin: it then drops the scroll lock.
      await page.waitForFunction(
        () => ![...document.body.classList].some((name) => name.endsWith('has-modal-visible')),
      );
      await page.locator('iframe[name^="__zoid__pluggy_connect_widget__"]').waitFor({ state: 'hidden' });
      assert.deepEqual(callsNamed(await recordedCalls(page), 'close'), []);
      const session = (await sessions()).at(-1);
      assert.equal(session!.hidden, true);
    },
  );
});
