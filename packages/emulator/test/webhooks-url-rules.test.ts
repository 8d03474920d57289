import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateWebhookUrl } from '../src/webhooks/index.js';

const STRICT_OK = [
  'https://hooks.example.com/pluggy',
  'https://example.com:443/x?y=1',
  'https://api.xn--bcher-kva.ch/h',
];

const STRICT_REJECTED: [url: string, reason: RegExp][] = [
  ['http://hooks.example.com/pluggy', /https/],
  ['https://hooks.example.com:8443/pluggy', /port 443/],
  ['https://user:pass@hooks.example.com/pluggy', /user name or password/],
  ['https://token@hooks.example.com/pluggy', /user name or password/],
  ['https://203.0.113.7/pluggy', /not an IP/],
  ['https://[2001:db8::1]/pluggy', /not an IP/],
  ['https://localhost/pluggy', /localhost/],
  ['https://api.localhost/pluggy', /localhost/],
  ['https://billing.internal/pluggy', /internal/],
  ['https://printer.local/pluggy', /internal/],
  ['https://hooks/pluggy', /public domain name/],
  ['https://-bad-.example.com/pluggy', /valid domain name/],
  ['ftp://hooks.example.com/pluggy', /absolute https URL/],
  ['/relative/path', /absolute https URL/],
  ['not a url', /absolute https URL/],
];

const LOOPBACK = [
  'http://127.0.0.1:4010/hook',
  'https://127.0.0.1:8443/hook',
  'http://[::1]:9000/hook',
  'http://localhost:3000/hook',
  'http://localhost/hook',
];

describe('webhook URL rules', () => {
  it('strict mode accepts public https domains on port 443', () => {
    for (const url of STRICT_OK) assert.equal(validateWebhookUrl(url, true), null, url);
  });

  it('strict mode rejects http, other ports, userinfo, IPs, localhost and internal names with a reason', () => {
    for (const [url, reason] of STRICT_REJECTED) {
      const problem = validateWebhookUrl(url, true);
      assert.ok(problem, `${url} should be rejected`);
      assert.match(problem, reason, url);
      assert.ok(problem.includes(url), 'the message names the URL');
    }
  });

  it('strict mode rejects loopback receivers', () => {
    for (const url of LOOPBACK) assert.ok(validateWebhookUrl(url, true), url);
  });

  it('dev mode also accepts http and https loopback on any port', () => {
    for (const url of [...LOOPBACK, ...STRICT_OK]) assert.equal(validateWebhookUrl(url, false), null, url);
  });

  it('dev mode keeps the other rules and says what it would accept', () => {
    for (const url of [
      'http://hooks.example.com/x',
      'http://192.168.1.20:8080/x',
      'https://user:pw@127.0.0.1/x',
    ]) {
      assert.ok(validateWebhookUrl(url, false), url);
    }
    assert.match(String(validateWebhookUrl('http://hooks.example.com/x', false)), /dev mode also accepts/);
  });
});
