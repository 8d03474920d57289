// GET /__csp-page?nonce=N&key=K[&frames=pluggy][&loadTimeout=ms]: a host page under a strict
// Content-Security-Policy (only 'self' and the nonce for scripts and styles, frames only from the Connect
// origin, or with frames=pluggy only from Pluggy's production origin, which blocks the emulator's page),
// holding one button. It reports its events, every securitypolicyviolation, and what it finds on the page
// when opened or asked ('inspect') to the parent test through postMessage.
import type { RouteContext } from './test-routes.ts';

export interface CspPageOrigins {
  connectUrl: string;
}

export function cspPage(origins: () => CspPageOrigins) {
  return async (ctx: RouteContext, next: () => Promise<unknown>): Promise<unknown> => {
    const url = new URL(ctx.url, 'http://localhost');
    if (url.pathname !== '/__csp-page') return next();
    const nonce = url.searchParams.get('nonce') ?? 'test-nonce';
    const key = url.searchParams.get('key') ?? 'csp';
    const loadTimeout = Number(url.searchParams.get('loadTimeout') ?? 8000);
    const { connectUrl } = origins();
    const frameSrc = url.searchParams.get('frames') === 'pluggy' ? 'https://connect.pluggy.ai' : connectUrl;
    ctx.set(
      'Content-Security-Policy',
      [
        "default-src 'none'",
        `script-src 'self' 'nonce-${nonce}'`,
        `style-src 'self' 'nonce-${nonce}'`,
        `frame-src ${frameSrc}`,
        "connect-src 'self'",
        "img-src 'self' data:",
        "base-uri 'none'",
      ].join('; '),
    );
    ctx.status = 200;
    ctx.type = 'text/html';
    ctx.body = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>CSP host</title></head>
  <body>
    <pluggy-connect-button nonce="${nonce}" token-url="/__token?key=${key}&mode=emulator" connect-url="${connectUrl}" include-sandbox load-timeout="${loadTimeout}"></pluggy-connect-button>
    <script type="module" nonce="${nonce}">
      const report = (message) => parent.postMessage({ cspPage: true, ...message }, '*');
      document.addEventListener('securitypolicyviolation', (event) =>
        report({ violation: { directive: event.effectiveDirective, blockedURI: event.blockedURI, sourceFile: event.sourceFile, sample: event.sample } }),
      );
      // The SDK's container (with its frames), the nonces of its <style>s and of those in its same-origin
      // loader frame, and whether the modal <style> (inserted without a nonce) ended up applied.
      const inspect = () => {
        const frames = [...document.querySelectorAll('iframe[name^="__zoid__"]')];
        const container = frames[0]?.closest('body > *');
        const nonces = (root) => [...(root?.querySelectorAll('style') ?? [])].map((style) => style.nonce);
        const overlay = document.querySelector('[id$="_modal-overlay"]');
        return {
          zoidFrames: frames.length,
          modalClasses: [...document.body.classList].filter((name) => name.endsWith('_has-modal-visible')),
          containerStyleNonces: nonces(container),
          loaderStyleNonces: [...(container?.querySelectorAll('iframe') ?? [])].flatMap((frame) => {
            try { return nonces(frame.contentDocument); } catch { return []; }
          }),
          overlayPosition: overlay ? getComputedStyle(overlay).position : 'missing',
        };
      };
      document.addEventListener('pluggy-open', () => report({ opened: inspect() }));
      for (const type of ['pluggy-open', 'pluggy-close', 'pluggy-success', 'pluggy-error']) {
        document.addEventListener(type, (event) => report({ event: type, detail: JSON.parse(JSON.stringify(event.detail)) }));
      }
      await import('/src/define.ts');
      const button = document.querySelector('pluggy-connect-button');
      await customElements.whenDefined('pluggy-connect-button');
      report({ ready: true });
      addEventListener('message', (event) => {
        if (event.data === 'open') button.open();
        if (event.data === 'inspect') report({ inspected: inspect() });
      });
    </script>
  </body>
</html>`;
    return undefined;
  };
}
