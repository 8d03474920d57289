/** The Connect page's pure decisions, checked in Node: which connectors show, item phases, tokens, language. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkConnectToken, connectTokenOptions } from '../src/connect-page/app/connect-token.js';
import {
  prefillValues,
  selectConnectors,
  sortsAlphabetically,
} from '../src/connect-page/app/connector-filter.js';
import { resolveLanguage } from '../src/connect-page/app/i18n/index.js';
import { itemPhase, loginCompleted } from '../src/connect-page/app/item-progress.js';
import type { Connector, Item } from '../src/connect-page/app/pluggy-types.js';
import { bindCallbacks, readOptions } from '../src/connect-page/app/xprops.js';

const connector = (id: number, name: string, extra: Partial<Connector> = {}): Connector => ({
  id,
  name,
  type: 'PERSONAL_BANK',
  country: 'BR',
  isSandbox: true,
  products: ['ACCOUNTS', 'TRANSACTIONS'],
  credentials: [],
  ...extra,
});

const noFilters: Parameters<typeof selectConnectors>[1] = {
  includeSandbox: true,
  connectorIds: undefined,
  connectorTypes: undefined,
  countries: undefined,
  products: undefined,
  connectorSortAlphabetically: false,
};

const item = (status: string, executionStatus: string, extra: Partial<Item> = {}): Item => ({
  id: 'item-1',
  status,
  executionStatus,
  connector: connector(0, 'Pluggy Bank'),
  error: null,
  parameter: null,
  ...extra,
});

const jwt = (payload: unknown) =>
  `header.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.signature`;

describe('Connect page logic', () => {
  const all = [
    connector(5, 'Zeta Bank'),
    connector(0, 'Alpha Bank', { type: 'BUSINESS_BANK' }),
    connector(7, 'Mid Bank', { country: 'AR', isSandbox: false, products: ['ACCOUNTS'] }),
    connector(9, 'No Products Bank', { products: undefined }),
  ];

  it('keeps the API order unless asked to sort by name', () => {
    assert.deepEqual(
      selectConnectors(all, noFilters).map((c) => c.id),
      [5, 0, 7, 9],
    );
    assert.deepEqual(
      selectConnectors(all, { ...noFilters, connectorSortAlphabetically: true }).map((c) => c.name),
      ['Alpha Bank', 'Mid Bank', 'No Products Bank', 'Zeta Bank'],
    );
  });

  it('sorts by name when the widget prop or, without a prop, the connect token asks for it', () => {
    const token = (options: unknown) => connectTokenOptions(jwt({ exp: 2e9, options }));
    assert.equal(sortsAlphabetically(undefined, token({})), false, 'API order by default');
    assert.equal(sortsAlphabetically(undefined, token({ connectorSortAlphabetically: true })), true);
    assert.equal(sortsAlphabetically(true, token({ connectorSortAlphabetically: false })), true);
    assert.equal(
      sortsAlphabetically(false, token({ connectorSortAlphabetically: true })),
      false,
      'an explicit prop wins over the token',
    );
    assert.deepEqual(connectTokenOptions('not-a-jwt'), {});
    assert.deepEqual(connectTokenOptions(jwt({ exp: 2e9 })), {});
    // The page can only tell "not passed" from false if readOptions keeps the difference.
    assert.equal(readOptions({}).connectorSortAlphabetically, undefined);
    assert.equal(readOptions({ connectorSortAlphabetically: false }).connectorSortAlphabetically, false);
    assert.equal(readOptions({ connectorSortAlphabetically: 'yes' }).connectorSortAlphabetically, undefined);
  });

  it('filters by ids, types, countries, products and sandbox', () => {
    const ids = (filters: Partial<typeof noFilters>) =>
      selectConnectors(all, { ...noFilters, ...filters }).map((c) => c.id);
    assert.deepEqual(ids({ connectorIds: [0, 7] }), [0, 7]);
    assert.deepEqual(ids({ connectorTypes: ['BUSINESS_BANK'] }), [0]);
    assert.deepEqual(ids({ countries: ['AR'] }), [7]);
    assert.deepEqual(ids({ products: ['TRANSACTIONS'] }), [5, 0, 9], 'a connector without products is kept');
    assert.deepEqual(ids({ includeSandbox: false }), [7]);
  });

  it('pre-fills Open Finance CPF/CNPJ into fields of the same name', () => {
    const business = connector(8, 'Business', {
      credentials: [
        { name: 'cnpj', label: 'CNPJ' },
        { name: 'user', label: 'User' },
      ],
    });
    assert.deepEqual(prefillValues(business, { cpf: '1', cnpj: '00000000000191' }), {
      cnpj: '00000000000191',
    });
  });

  it('reads item phases and when the login has completed', () => {
    assert.equal(itemPhase(item('UPDATING', 'LOGIN_IN_PROGRESS')), 'running');
    assert.equal(loginCompleted(item('UPDATING', 'LOGIN_IN_PROGRESS')), false);
    assert.equal(loginCompleted(item('UPDATING', 'LOGIN_MFA_IN_PROGRESS')), false);
    assert.equal(loginCompleted(item('UPDATING', 'ACCOUNTS_IN_PROGRESS')), true);
    const waiting = item('WAITING_USER_INPUT', 'WAITING_USER_INPUT', {
      parameter: { name: 'token', label: 'Token' },
    });
    assert.equal(itemPhase(waiting), 'waiting-input');
    assert.equal(loginCompleted(waiting), false);
    assert.equal(itemPhase(item('UPDATED', 'PARTIAL_SUCCESS')), 'success');
    assert.equal(loginCompleted(item('UPDATED', 'SUCCESS')), true);
    assert.equal(itemPhase(item('LOGIN_ERROR', 'INVALID_CREDENTIALS')), 'error');
    assert.equal(itemPhase(item('OUTDATED', 'SITE_NOT_AVAILABLE')), 'error');
    assert.equal(loginCompleted(item('LOGIN_ERROR', 'INVALID_CREDENTIALS')), false);
  });

  it('tells a malformed or expired connect token from a usable one', () => {
    const now = Date.UTC(2026, 0, 1);
    assert.equal(checkConnectToken('not-a-jwt-at-all', now), 'invalid');
    assert.equal(checkConnectToken('a.!!!.c', now), 'invalid');
    assert.equal(checkConnectToken(jwt({ exp: now / 1000 - 1 }), now), 'expired');
    assert.equal(checkConnectToken(jwt({ exp: now / 1000 + 1800, clientId: 'ü-client' }), now), undefined);
  });

  it('speaks pt unless en or es is asked for, by primary subtag', () => {
    assert.equal(resolveLanguage(undefined), 'pt');
    assert.equal(resolveLanguage('en-US'), 'en');
    assert.equal(resolveLanguage('ES'), 'es');
    assert.equal(resolveLanguage('pt_BR'), 'pt');
    assert.equal(resolveLanguage('fr'), 'pt');
  });

  it('calls the SDK ≥ 2.6 callbacks and never zoid’s own onError; falls back to plain names for old SDKs', async () => {
    const calls: string[] = [];
    const spy = (name: string) => (payload?: unknown) => {
      calls.push(`${name}:${JSON.stringify(payload ?? null)}`);
    };
    const modern = bindCallbacks({
      onErrorProp: spy('onErrorProp'),
      onError: spy('zoid-onError'),
      close: spy('close'),
    });
    modern.onError({ message: 'x' });
    modern.onSuccess({ item: item('UPDATED', 'SUCCESS') });
    const legacy = bindCallbacks({ onSuccess: spy('onSuccess'), onError: spy('onError') });
    legacy.onError({ message: 'y' });
    const none = bindCallbacks({ onError: spy('zoid-onError') });
    none.onError({ message: 'z' });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(calls, ['onErrorProp:{"message":"x"}', 'onError:{"message":"y"}']);
  });
});
