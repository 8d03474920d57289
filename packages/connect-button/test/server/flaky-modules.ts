// Dev-server middleware that makes the dev server's own module files fail, as a flaky network would fail the
// chunks of a site's bundle (the element imported from npm, its lazy chunks served by the site):
//   POST /__flaky-modules?match=<fragment>&times=<n>   the next n GETs whose path contains <fragment> answer 503
//   GET  /__flaky-modules/hits?match=<fragment>        GETs of such paths seen since it was armed (failed or not)
//   DELETE /__flaky-modules                            disarms everything
// WTR runs test files one at a time (concurrency 1); a file that arms a fragment disarms it in afterEach, so a
// failure left unconsumed by a failing test does not reach the next file.
import type { RouteContext } from './test-routes.js';

interface Armed {
  remaining: number;
  hits: number;
}
const armed = new Map<string, Armed>();

export function flakyModules() {
  return async (ctx: RouteContext, next: () => Promise<unknown>): Promise<unknown> => {
    const url = new URL(ctx.url, 'http://localhost');
    const match = url.searchParams.get('match') ?? '';
    if (url.pathname === '/__flaky-modules' && ctx.method === 'POST' && match) {
      armed.set(match, { remaining: Number(url.searchParams.get('times') ?? 1), hits: 0 });
      ctx.status = 204;
      return undefined;
    }
    if (url.pathname === '/__flaky-modules' && ctx.method === 'DELETE') {
      armed.clear();
      ctx.status = 204;
      return undefined;
    }
    if (url.pathname === '/__flaky-modules/hits') {
      ctx.set('Cache-Control', 'no-store');
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(armed.get(match)?.hits ?? 0);
      return undefined;
    }
    if (ctx.method === 'GET') {
      for (const [fragment, state] of armed) {
        if (!url.pathname.includes(fragment)) continue;
        state.hits += 1;
        if (state.remaining > 0) {
          state.remaining -= 1;
          // Written by hand: WTR marks every response with a file extension `max-age=31536000` on the way
          // out, and Chromium would then serve this 503 from its HTTP cache instead of asking again.
          ctx.respond = false;
          ctx.res.writeHead(503, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
          ctx.res.end('failed by the test');
          return undefined;
        }
      }
    }
    return next();
  };
}
