import { expect } from '@open-wc/testing';
import { readConfig, type ConfigEnvironment, type ConfigInput } from '../../src/internal/config.js';

const env: ConfigEnvironment = {
  baseUrl: 'https://shop.example/page',
  prefersDark: false,
  inheritedLanguage: 'pt',
};
const read = (input: Partial<ConfigInput>, overrides: Partial<ConfigEnvironment> = {}) =>
  readConfig({ hasFetchToken: false, tokenUrl: '/api/connect-token', ...input }, { ...env, ...overrides });

describe('readConfig', () => {
  it('maps every widget attribute to its SDK prop name', () => {
    const { settings, problems } = read({
      itemId: 'item-1',
      connectUrl: 'http://127.0.0.1:4011/',
      includeSandbox: true,
      connectorTypes: ['personal_bank', 'BUSINESS_BANK'],
      connectorIds: ['0', 2],
      countries: 'BR, MX',
      products: 'ACCOUNTS TRANSACTIONS',
      selectedConnectorId: 4,
      language: 'en-US',
      theme: 'dark',
      allowConnectInBackground: true,
      allowFullscreen: false,
      cpf: '123.456.789-09',
      cnpj: '12.345.678/0001-95',
      forceOauthInBrowser: true,
      forceAskForCredentials: false,
      connectorSortAlphabetically: true,
    });
    expect(problems).to.deep.equal([]);
    expect(settings.widget).to.deep.equal({
      url: 'http://127.0.0.1:4011',
      updateItem: 'item-1',
      includeSandbox: true,
      connectorTypes: ['PERSONAL_BANK', 'BUSINESS_BANK'],
      connectorIds: [0, 2],
      countries: ['BR', 'MX'],
      products: ['ACCOUNTS', 'TRANSACTIONS'],
      selectedConnectorId: 4,
      language: 'en',
      theme: 'dark',
      allowConnectInBackground: true,
      allowFullscreen: false,
      openFinanceParameters: { cpf: '12345678909', cnpj: '12345678000195' },
      forceOauthInBrowser: true,
      forceAskForCredentials: false,
      connectorSortAlphabetically: true,
    });
    expect(settings.tokenUrl).to.equal('https://shop.example/api/connect-token');
  });

  it('leaves unset options out so the widget keeps its defaults', () => {
    const { settings } = read({});
    expect(settings.widget).to.deep.equal({ language: 'pt', theme: 'light' });
    expect(settings).to.include({
      credentials: 'same-origin',
      preload: 'intent',
      loadTimeoutMs: 20000,
      tokenTimeoutMs: 10000,
    });
  });

  it('follows prefers-color-scheme for theme=auto and the inherited lang without language', () => {
    expect(read({ theme: 'auto' }, { prefersDark: true }).settings.widget.theme).to.equal('dark');
    expect(read({}, { prefersDark: true, inheritedLanguage: 'es' }).settings.widget).to.include({
      theme: 'dark',
      language: 'es',
    });
  });

  it('names each invalid attribute in one problem', () => {
    const { problems } = read({
      connectorIds: ['1', 'abc'],
      countries: ['BR', 'XX'],
      theme: 'purple',
      language: 'fr',
      cpf: '123',
      includeSandbox: 'maybe',
      callbackUrl: 'javascript:alert(1)',
      preload: 'sometimes',
      loadTimeout: -5,
    });
    expect(problems.map((problem) => problem.attribute)).to.have.members([
      'connector-ids',
      'countries',
      'theme',
      'language',
      'cpf',
      'include-sandbox',
      'callback-url',
      'preload',
      'load-timeout',
    ]);
    expect(problems.find((problem) => problem.attribute === 'connector-ids')?.message).to.contain('abc');
  });

  it('refuses a timeout longer than a browser timer can hold (2^31 - 1 ms), which would fire at once', () => {
    const { settings, problems } = read({ loadTimeout: '3000000000', tokenTimeout: 2 ** 31 });
    expect(problems.map((problem) => problem.attribute)).to.deep.equal(['load-timeout', 'token-timeout']);
    expect(problems[0]?.message).to.contain('2147483647');
    expect(settings).to.include({ loadTimeoutMs: 20_000, tokenTimeoutMs: 10_000 });
    expect(read({ loadTimeout: 2 ** 31 - 1 }).problems).to.deep.equal([]);
  });

  it('takes connect-url as an origin, with or without the trailing slash', () => {
    expect(read({ connectUrl: 'http://127.0.0.1:4011' }).settings.widget.url).to.equal(
      'http://127.0.0.1:4011',
    );
    expect(read({ connectUrl: 'https://connect.example/' }).settings.widget.url).to.equal(
      'https://connect.example',
    );
  });

  it('refuses a connect-url with a path, query or hash, which the SDK could never match', () => {
    for (const connectUrl of [
      'https://connect.example/connect',
      'https://connect.example/connect/',
      'https://connect.example/?x=1',
      'https://connect.example/#top',
      'https://user@connect.example',
      '/connect',
    ]) {
      const { settings, problems } = read({ connectUrl });
      expect(
        problems.map((problem) => problem.attribute),
        connectUrl,
      ).to.deep.equal(['connect-url']);
      expect(problems[0]?.message).to.contain('origin only');
      expect(settings.widget.url, connectUrl).to.equal(undefined);
    }
  });

  it('requires a token source', () => {
    expect(read({ tokenUrl: undefined }).problems).to.deep.equal([
      { attribute: 'token-url', message: 'set token-url, connect-token or the fetchToken property' },
    ]);
    expect(read({ tokenUrl: undefined, connectToken: 'abc' }).problems).to.deep.equal([]);
    expect(readConfig({ hasFetchToken: true }, env).problems).to.deep.equal([]);
  });
});
