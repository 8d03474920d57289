import { expect, waitUntil } from '@open-wc/testing';
import { uniqueKey } from '../helpers.js';
import { clearAutopilot, queueAutopilot, sessions } from './emulator.js';

interface Inspection {
  zoidFrames: number;
  modalClasses: string[];
  containerStyleNonces: string[];
  loaderStyleNonces: string[];
  overlayPosition: string;
}

interface PageMessage {
  cspPage: true;
  ready?: boolean;
  event?: string;
  detail?: Record<string, unknown>;
  violation?: { directive: string; blockedURI: string; sourceFile: string; sample: string };
  opened?: Inspection;
  inspected?: Inspection;
}

/** The strict-CSP host page (test/server/csp-page.ts) in a frame, and what it reports. */
async function cspPage(query: string) {
  const nonce = `n0nce${uniqueKey().replace(/\W/g, '')}`;
  const messages: PageMessage[] = [];
  const onMessage = (event: MessageEvent) => {
    if ((event.data as PageMessage | null)?.cspPage) messages.push(event.data as PageMessage);
  };
  addEventListener('message', onMessage);
  const frame = document.createElement('iframe');
  frame.src = `/__csp-page?nonce=${nonce}&key=${uniqueKey()}${query}`;
  frame.style.width = '800px';
  frame.style.height = '700px';
  document.body.append(frame);
  await waitUntil(() => messages.some((message) => message.ready), 'the CSP page never loaded', {
    timeout: 10000,
  });
  const events = () => messages.filter((message) => message.event);
  return {
    nonce,
    messages,
    events,
    violations: () => messages.flatMap((message) => (message.violation ? [message.violation] : [])),
    send: (command: 'open' | 'inspect') => frame.contentWindow?.postMessage(command, '*'),
    async inspect(): Promise<Inspection> {
      const before = messages.length;
      frame.contentWindow?.postMessage('inspect', '*');
      await waitUntil(() => messages.slice(before).some((message) => message.inspected), 'no answer', {
        timeout: 5000,
      });
      return messages.slice(before).find((message) => message.inspected)?.inspected as Inspection;
    },
    close() {
      removeEventListener('message', onMessage);
      frame.remove();
    },
  };
}

// The host page is served with a strict policy (test/server/csp-page.ts); the element gets its nonce.
describe('<pluggy-connect-button> under a strict Content-Security-Policy', function () {
  this.timeout(30000);

  beforeEach(() => clearAutopilot());

  it('connects an item with no violation caused by the element, and the nonce reaches the SDK', async () => {
    const page = await cspPage('');
    try {
      await queueAutopilot({ finish: 'close' });
      page.send('open');
      await waitUntil(() => page.events().some((message) => message.event === 'pluggy-close'), 'no close', {
        timeout: 20000,
      });
      expect(page.events().map((message) => message.event)).to.deep.equal([
        'pluggy-open',
        'pluggy-success',
        'pluggy-close',
      ]);
      const violations = page.violations();
      const fromElement = violations.filter(
        (violation) => !violation.sourceFile.includes('pluggy-connect-sdk'),
      );
      expect(fromElement).to.deep.equal([]);
      // The SDK's own modal <style> has no nonce: one report, then the element re-applies it with the nonce.
      expect(violations.map((violation) => violation.directive)).to.deep.equal(['style-src-elem']);

      const opened = page.messages.find((message) => message.opened)?.opened;
      expect(opened?.overlayPosition).to.equal('fixed');
      expect(opened?.containerStyleNonces).to.have.length.above(0);
      expect(opened?.containerStyleNonces.every((nonce) => nonce === page.nonce)).to.equal(true);
      // cspNonce: zoid puts it on the loader's <style> and hands it to the Connect page.
      expect(opened?.loaderStyleNonces).to.include(page.nonce);
      expect((await sessions()).at(-1)?.props.cspNonce).to.equal(page.nonce);
    } finally {
      page.close();
    }
  });

  it('ends in WIDGET_LOAD_TIMEOUT and cleans up when frame-src does not allow the Connect origin', async () => {
    const page = await cspPage('&frames=pluggy&loadTimeout=2000');
    try {
      page.send('open');
      await waitUntil(() => page.events().some((message) => message.event === 'pluggy-error'), 'no error', {
        timeout: 10000,
      });
      const [error] = page.events();
      expect(error?.event).to.equal('pluggy-error');
      expect(error?.detail).to.include({ code: 'WIDGET_LOAD_TIMEOUT', phase: 'widget', retryable: true });
      expect(page.violations().map((violation) => violation.directive)).to.include('frame-src');
      let left: Inspection | undefined;
      await waitUntil(
        async () => {
          left = await page.inspect();
          return left.zoidFrames === 0;
        },
        'the blocked frame stayed',
        { timeout: 5000 },
      );
      expect(left?.modalClasses).to.deep.equal([]);
      expect(page.events().map((message) => message.event)).to.deep.equal(['pluggy-error']);
    } finally {
      page.close();
    }
  });
});
