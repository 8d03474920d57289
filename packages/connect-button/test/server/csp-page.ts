// GET /__csp-page?nonce=N&key=K: a host page under a strict Content-Security-Policy (only 'self' and the nonce
// for scripts and styles, frames only from the Connect origin), holding one button. It reports its events
// and every securitypolicyviolation to the parent test through postMessage.
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
    const { connectUrl } = origins();
    ctx.set(
      'Content-Security-Policy',
      [
        "default-src 'none'",
        `script-src 'self' 'nonce-${nonce}'`,
        `style-src 'self' 'nonce-${nonce}'`,
        `frame-src ${connectUrl}`,
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
    <pluggy-connect-button nonce="${nonce}" token-url="/__token?key=${key}&mode=emulator" connect-url="${connectUrl}" include-sandbox load-timeout="8000"></pluggy-connect-button>
    <script type="module" nonce="${nonce}">
      const report = (message) => parent.postMessage({ cspPage: true, ...message }, '*');
      document.addEventListener('securitypolicyviolation', (event) =>
        report({ violation: { directive: event.effectiveDirective, blockedURI: event.blockedURI, sourceFile: event.sourceFile, sample: event.sample } }),
      );
      // Whether the SDK's modal <style> (inserted without a nonce) ended up applied.
      document.addEventListener('pluggy-open', () => {
        const overlay = document.querySelector('[id$="_modal-overlay"]');
        report({ overlayPosition: overlay ? getComputedStyle(overlay).position : 'missing' });
      });
      for (const type of ['pluggy-open', 'pluggy-close', 'pluggy-success', 'pluggy-error']) {
        document.addEventListener(type, (event) => report({ event: type, detail: JSON.parse(JSON.stringify(event.detail)) }));
      }
      await import('/src/define.ts');
      const button = document.querySelector('pluggy-connect-button');
      await customElements.whenDefined('pluggy-connect-button');
      report({ ready: true });
      addEventListener('message', (event) => { if (event.data === 'open') button.open(); });
    </script>
  </body>
</html>`;
    return undefined;
  };
}
