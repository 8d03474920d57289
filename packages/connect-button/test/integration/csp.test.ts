import { expect, waitUntil } from '@open-wc/testing';
import { uniqueKey } from '../helpers.js';
import { clearAutopilot, queueAutopilot } from './emulator.js';

interface PageMessage {
  cspPage: true;
  ready?: boolean;
  event?: string;
  detail?: Record<string, unknown>;
  violation?: { directive: string; blockedURI: string; sourceFile: string; sample: string };
  overlayPosition?: string;
}

// The host page is served with a strict policy (test/server/csp-page.ts); the element gets its nonce.
describe('<pluggy-connect-button> under a strict Content-Security-Policy', function () {
  this.timeout(30000);

  it('connects an item with no violation caused by the element', async () => {
    await clearAutopilot();
    const messages: PageMessage[] = [];
    const onMessage = (event: MessageEvent) => {
      if ((event.data as PageMessage | null)?.cspPage) messages.push(event.data as PageMessage);
    };
    addEventListener('message', onMessage);
    const frame = document.createElement('iframe');
    frame.src = `/__csp-page?nonce=n0nce${uniqueKey().replace(/\W/g, '')}&key=${uniqueKey()}`;
    frame.style.width = '800px';
    frame.style.height = '700px';
    document.body.append(frame);
    try {
      await waitUntil(() => messages.some((message) => message.ready), 'the CSP page never loaded', {
        timeout: 10000,
      });
      await queueAutopilot({ finish: 'close' });
      frame.contentWindow?.postMessage('open', '*');
      await waitUntil(() => messages.some((message) => message.event === 'pluggy-close'), 'no close', {
        timeout: 20000,
      });
      const events = messages.filter((message) => message.event).map((message) => message.event);
      expect(events).to.deep.equal(['pluggy-open', 'pluggy-success', 'pluggy-close']);
      const violations = messages.flatMap((message) => (message.violation ? [message.violation] : []));
      const fromElement = violations.filter(
        (violation) => !violation.sourceFile.includes('pluggy-connect-sdk'),
      );
      expect(fromElement).to.deep.equal([]);
      // The SDK's own modal <style> has no nonce: one report, then the element re-applies it with the nonce.
      expect(violations.map((violation) => violation.directive)).to.deep.equal(['style-src-elem']);
      expect(messages.find((message) => message.overlayPosition)?.overlayPosition).to.equal('fixed');
    } finally {
      removeEventListener('message', onMessage);
      frame.remove();
    }
  });
});
