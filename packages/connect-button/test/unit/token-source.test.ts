import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { PluggyConnectError } from '../../src/internal/errors.js';
import { HttpFailure, parseRetryAfter } from '../../src/internal/http.js';
import {
  TokenSource,
  callbackTokenProvider,
  fixedTokenProvider,
  urlTokenProvider,
} from '../../src/internal/token-source.js';
import { sleep, tokenCalls, tokenUrl, uniqueKey } from '../helpers.js';

const absolute = (path: string) => new URL(path, location.href).href;
const provider = (key: string, mode = 'ok', extra = '', itemId?: string) =>
  urlTokenProvider({
    url: absolute(tokenUrl(key, mode, extra)),
    credentials: 'same-origin',
    timeoutMs: 400,
    ...(itemId ? { itemId } : {}),
  });

async function failure(promise: Promise<unknown>): Promise<PluggyConnectError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(PluggyConnectError);
    return error as PluggyConnectError;
  }
  throw new Error('expected a failure');
}

describe('TokenSource with token-url', () => {
  it('POSTs {} with the CSRF header and JSON content type', async () => {
    const key = uniqueKey();
    const token = await new TokenSource().get(provider(key));
    expect(token.split('.')).to.have.length(3);
    const [call] = await tokenCalls(key);
    expect(call?.body).to.deep.equal({});
    expect(call?.headers['x-requested-with']).to.equal('pluggy-connect-button');
    expect(call?.headers['content-type']).to.equal('application/json');
  });

  it('sends {itemId} in update mode', async () => {
    const key = uniqueKey();
    await new TokenSource().get(provider(key, 'ok', '', 'item-42'));
    expect((await tokenCalls(key)).map((call) => call.body)).to.deep.equal([{ itemId: 'item-42' }]);
  });

  it('shares one request between concurrent callers and reuses a fresh token', async () => {
    const key = uniqueKey();
    const source = new TokenSource();
    const [first, second] = await Promise.all([source.get(provider(key)), source.get(provider(key))]);
    expect(first).to.equal(second);
    expect(await source.get(provider(key))).to.equal(first);
    expect(await tokenCalls(key)).to.have.length(1);
  });

  it('refetches when less than 60 s of the JWT exp is left', async () => {
    const key = uniqueKey();
    const source = new TokenSource();
    // exp is in whole seconds: 61 s from now leaves 60-61 s, so it is fresh now and stale 1.1 s later.
    const first = await source.get(provider(key, 'ok', '&expiresIn=61'));
    expect(await source.get(provider(key, 'ok', '&expiresIn=61'))).to.equal(first);
    await sleep(1100);
    expect(await source.get(provider(key, 'ok', '&expiresIn=61'))).not.to.equal(first);
    expect(await tokenCalls(key)).to.have.length(2);
  });

  it('never hands out a token again after consume()', async () => {
    const key = uniqueKey();
    const source = new TokenSource();
    const first = await source.get(provider(key));
    source.consume();
    expect(await source.get(provider(key))).not.to.equal(first);
  });

  it('ends a 401 as UNAUTHENTICATED without retrying', async () => {
    const key = uniqueKey();
    const error = await failure(new TokenSource().get(provider(key, '401')));
    expect(error).to.include({ code: 'UNAUTHENTICATED', retryable: false, phase: 'token' });
    expect(await tokenCalls(key)).to.have.length(1);
  });

  it('retries a 500 once, then fails as TOKEN_FETCH_FAILED', async () => {
    const key = uniqueKey();
    const error = await failure(new TokenSource().get(provider(key, '500')));
    expect(error).to.include({ code: 'TOKEN_FETCH_FAILED', retryable: true });
    expect(await tokenCalls(key)).to.have.length(2);
  });

  it('recovers when the retry succeeds', async () => {
    const key = uniqueKey();
    expect(await new TokenSource().get(provider(key, 'fail-once'))).to.be.a('string');
    expect(await tokenCalls(key)).to.have.length(2);
  });

  it('retries a 429 after its Retry-After (seconds), and recovers', async () => {
    const key = uniqueKey();
    const source = new TokenSource();
    // The wait must fit in the per-attempt timeout.
    const patient = urlTokenProvider({
      url: absolute(tokenUrl(key, '429-once', '&retryAfter=1')),
      credentials: 'same-origin',
      timeoutMs: 2000,
    });
    const token = await source.get(patient);
    expect(token.split('.')).to.have.length(3);
    const calls = await tokenCalls(key);
    expect(calls).to.have.length(2);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).to.be.at.least(950);
  });

  it('reads Retry-After as delay seconds or an HTTP date', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(parseRetryAfter('7', now)).to.equal(7000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', now)).to.equal(5000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now)).to.equal(0);
    expect(parseRetryAfter('soon', now)).to.equal(undefined);
    expect(parseRetryAfter(null, now)).to.equal(undefined);
  });

  // Not over HTTP: Chromium itself resends a request answered 408 on a reused connection.
  it('counts 408, 429 and 5xx answers as retryable, other 4xx not', () => {
    const retryable = (status: number) => new HttpFailure('status', 'answered', { status }).retryable;
    expect([408, 429, 500, 503].map(retryable)).to.deep.equal([true, true, true, true]);
    expect([400, 401, 404, 409].map(retryable)).to.deep.equal([false, false, false, false]);
  });

  it('fails at once, retryable, when Retry-After is longer than the timeout; keeps the server message', async () => {
    const key = uniqueKey();
    const error = await failure(new TokenSource().get(provider(key, '429', '&retryAfter=120')));
    expect(error).to.include({
      code: 'TOKEN_FETCH_FAILED',
      phase: 'token',
      retryable: true,
      retryAfterMs: 120_000,
    });
    expect(error.message)
      .to.contain('answered 429: Too many connect tokens; try again later.')
      .and.contain('(Retry-After: 120 s)');
    expect(await tokenCalls(key)).to.have.length(1);
  });

  it('ends a 429 that persists as retryable TOKEN_FETCH_FAILED after one retry', async () => {
    const key = uniqueKey();
    const error = await failure(new TokenSource().get(provider(key, '429')));
    expect(error).to.include({ code: 'TOKEN_FETCH_FAILED', retryable: true, retryAfterMs: undefined });
    expect(error.message).to.contain('Too many connect tokens');
    expect(await tokenCalls(key)).to.have.length(2);
  });

  it("keeps the server's message in UNAUTHENTICATED", async () => {
    const error = await failure(new TokenSource().get(provider(uniqueKey(), '401')));
    expect(error.message).to.contain('(sign in)');
  });

  it('times out a slow endpoint (and retries it once)', async () => {
    const key = uniqueKey();
    const started = performance.now();
    const error = await failure(new TokenSource().get(provider(key, 'slow', '&delay=3000')));
    expect(error.code).to.equal('TOKEN_FETCH_FAILED');
    expect(error.message).to.contain('did not answer within 400 ms');
    expect(performance.now() - started).to.be.below(2500);
  });

  it('rejects a non-JSON answer as TOKEN_FETCH_FAILED without retrying', async () => {
    const key = uniqueKey();
    const error = await failure(new TokenSource().get(provider(key, 'nonjson')));
    expect(error).to.include({ code: 'TOKEN_FETCH_FAILED', retryable: false });
    expect(error.message).to.contain('did not answer JSON');
    expect(await tokenCalls(key)).to.have.length(1);
  });

  it('rejects a token that is already expiring as TOKEN_EXPIRED', async () => {
    const error = await failure(new TokenSource().get(provider(uniqueKey(), 'ok', '&expiresIn=30')));
    expect(error).to.include({ code: 'TOKEN_EXPIRED', retryable: true });
  });

  it('abort() cancels the request in flight with an AbortError', async () => {
    const source = new TokenSource();
    const pending = source.get(provider(uniqueKey(), 'slow', '&delay=3000'));
    source.abort();
    const error = await pending.catch((reason: unknown) => reason);
    expect((error as Error).name).to.equal('AbortError');
  });
});

describe('TokenSource with a fixed connect-token or fetchToken', () => {
  const jwt = (secondsLeft: number) =>
    `e30.${btoa(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + secondsLeft })).replace(/=+$/, '')}.sig`;

  it('uses a fixed token once; after a finished connection it is TOKEN_EXPIRED', async () => {
    const source = new TokenSource();
    const token = jwt(600);
    expect(await source.get(fixedTokenProvider(token))).to.equal(token);
    source.consume();
    const error = await failure(source.get(fixedTokenProvider(token)));
    expect(error).to.include({ code: 'TOKEN_EXPIRED', retryable: false });
    expect(await source.get(fixedTokenProvider(jwt(601)))).to.be.a('string');
  });

  it('rejects an expired fixed token', async () => {
    const error = await failure(new TokenSource().get(fixedTokenProvider(jwt(10))));
    expect(error.code).to.equal('TOKEN_EXPIRED');
    expect(error.message).to.contain('connect-token has expired');
  });

  it('calls fetchToken with the item id and an abort signal', async () => {
    const fetchToken = sinon.fake.resolves('opaque-token');
    const token = await new TokenSource().get(callbackTokenProvider(fetchToken, 'item-9', 1000));
    expect(token).to.equal('opaque-token');
    expect(fetchToken.firstCall.args[0].itemId).to.equal('item-9');
    expect(fetchToken.firstCall.args[0].signal).to.be.instanceOf(AbortSignal);
  });

  it('maps a fetchToken failure with status 401 to UNAUTHENTICATED and others to TOKEN_FETCH_FAILED', async () => {
    const unauthorized = Object.assign(new Error('no session'), { status: 401 });
    expect(
      (
        await failure(
          new TokenSource().get(callbackTokenProvider(() => Promise.reject(unauthorized), undefined, 1000)),
        )
      ).code,
    ).to.equal('UNAUTHENTICATED');
    const broken = callbackTokenProvider(() => Promise.reject(new Error('boom')), undefined, 1000);
    expect((await failure(new TokenSource().get(broken))).code).to.equal('TOKEN_FETCH_FAILED');
  });

  it('times out a fetchToken that never settles', async () => {
    const error = await failure(
      new TokenSource().get(callbackTokenProvider(() => new Promise(() => {}), undefined, 100)),
    );
    expect(error.code).to.equal('TOKEN_FETCH_FAILED');
  });
});
