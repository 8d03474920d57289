import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import express from 'express';
import { createConnectControls, type ConnectControls } from '../src/connect-page/controls.js';

async function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('Connect page test controls', () => {
  let controls: ConnectControls;
  let server: Server;
  let base: string;

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });

  before(async () => {
    controls = createConnectControls();
    const app = express();
    app.use('/__emulator/connect', controls.router);
    ({ server, url: base } = await listen(app));
    base += '/__emulator/connect';
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => controls.reset());

  it('queues autopilot scripts with their defaults and hands them out once, oldest first', async () => {
    const first = await call('POST', '/autopilot', {});
    assert.equal(first.status, 200);
    assert.deepEqual(await first.json(), {
      connectorId: 0,
      credentials: { user: 'user-ok', password: 'password-ok' },
      mfa: [],
      finish: 'stay',
    });
    await call('POST', '/autopilot', { connectorId: 5, mfa: ['123456'], finish: 'close' });

    const next = await call('GET', '/autopilot/next');
    assert.equal((await next.json()).connectorId, 0);
    const second = await call('GET', '/autopilot/next');
    assert.deepEqual((await second.json()).mfa, ['123456']);
    assert.equal((await call('GET', '/autopilot/next')).status, 204);
  });

  it('clears the autopilot queue on DELETE and on reset()', async () => {
    await call('POST', '/autopilot', { finish: 'escape' });
    assert.equal((await call('DELETE', '/autopilot')).status, 200);
    assert.equal((await call('GET', '/autopilot/next')).status, 204);

    controls.autopilot.enqueue({ closeAt: 'consent' });
    assert.equal(controls.autopilot.pending(), 1);
    controls.reset();
    assert.equal(controls.autopilot.pending(), 0);
  });

  it('rejects an invalid autopilot script with a Pluggy-shaped 400 naming the field', async () => {
    const response = await call('POST', '/autopilot', { finish: 'explode' });
    assert.equal(response.status, 400);
    const body = await response.json();
    assert.equal(body.code, 400);
    assert.equal(body.codeDescription, 'INVALID_AUTOPILOT');
    assert.equal(body.details[0].parameter, 'finish');

    const unknownKey = await call('POST', '/autopilot', { connectorID: 5 });
    assert.equal(unknownKey.status, 400);
    assert.equal(controls.autopilot.pending(), 0);
  });

  it('answers malformed JSON with a JSON 400, not an HTML page', async () => {
    const response = await call('POST', '/autopilot', '{"finish":');
    assert.equal(response.status, 400);
    assert.equal((await response.json()).codeDescription, 'INVALID_REQUEST_BODY');
  });

  it('records a session: the props, then events in order, the result and the close', async () => {
    const opened = await call('POST', '/sessions', {
      props: { connectToken: 'token', includeSandbox: true },
      callbacks: ['onSuccessProp', 'close'],
    });
    const { id } = (await opened.json()) as { id: string };
    await call('PATCH', `/sessions/${id}`, { events: [{ event: 'SUBMITTED_CONSENT', timestamp: 1 }] });
    await call('PATCH', `/sessions/${id}`, {
      events: [{ event: 'SUBMITTED_LOGIN', timestamp: 2 }],
      result: 'error',
    });
    await call('PATCH', `/sessions/${id}`, { result: 'success', closed: true });

    const sessions = await (await call('GET', '/sessions')).json();
    assert.equal(sessions.length, 1);
    assert.equal(sessions[0].id, id);
    assert.deepEqual(sessions[0].props, { connectToken: 'token', includeSandbox: true });
    assert.deepEqual(sessions[0].callbacks, ['onSuccessProp', 'close']);
    assert.deepEqual(
      sessions[0].events.map((event: { event: string }) => event.event),
      ['SUBMITTED_CONSENT', 'SUBMITTED_LOGIN'],
    );
    assert.equal(sessions[0].result, 'success');
    assert.equal(sessions[0].closed, true);
    assert.equal(sessions[0].hidden, false);
    assert.match(sessions[0].at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('answers 404 for an unknown session and 400 for a malformed report', async () => {
    const missing = await call('PATCH', '/sessions/nope', { result: 'success' });
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).codeDescription, 'SESSION_NOT_FOUND');

    const { id } = (await (await call('POST', '/sessions', { props: {}, callbacks: [] })).json()) as {
      id: string;
    };
    const bad = await call('PATCH', `/sessions/${id}`, { result: 'finished' });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).codeDescription, 'INVALID_SESSION_REPORT');
  });

  it('hands out copies from sessions() and forgets everything on reset()', async () => {
    await call('POST', '/sessions', { props: { language: 'en' }, callbacks: [] });
    const copy = controls.sessions();
    copy[0]!.props.language = 'xx';
    assert.equal(controls.sessions()[0]!.props.language, 'en');
    controls.reset();
    assert.deepEqual(controls.sessions(), []);
  });

  it('lets the Connect page call it cross-origin, preflight included', async () => {
    const preflight = await call('OPTIONS', '/sessions', undefined, {
      Origin: 'http://127.0.0.1:9',
      'Access-Control-Request-Method': 'PATCH',
      'Access-Control-Request-Headers': 'content-type',
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /PATCH/);
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Content-Type/i);

    const get = await call('GET', '/sessions', undefined, { Origin: 'http://127.0.0.1:9' });
    assert.equal(get.headers.get('access-control-allow-origin'), '*');
  });
});
