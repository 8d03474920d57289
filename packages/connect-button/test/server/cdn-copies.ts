// Dev-server middleware serving the CDN build (dist/cdn/) under /__cdn/<copy>/, a fresh URL per test (no
// browser cache or module map shared with other tests), where chosen files can be made to fail as a flaky
// network or CDN would:
//   GET  /__cdn/<copy>/<file>                        the file, or 503 while blocked (any query string)
//   POST /__cdn/<copy>/__block?file=<file>&blocked=1|0
//   GET  /__cdn/<copy>/__hits?file=<file>           requests answered 503 so far
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RouteContext } from './test-routes.js';

const cdnDir = fileURLToPath(new URL('../../dist/cdn/', import.meta.url));
const blocked = new Set<string>();
const hits = new Map<string, number>();

export function cdnCopies() {
  return async (ctx: RouteContext, next: () => Promise<unknown>): Promise<unknown> => {
    const url = new URL(ctx.url, 'http://localhost');
    const match = /^\/__cdn\/([\w-]+)\/([\w.-]+)$/.exec(url.pathname);
    if (!match) return next();
    const [, copy, name] = match as unknown as [string, string, string];
    const key = (file: string) => `${copy}/${basename(file)}`;
    ctx.set('Cache-Control', 'no-store');
    if (name === '__block' && ctx.method === 'POST') {
      const file = key(url.searchParams.get('file') ?? '');
      if (url.searchParams.get('blocked') === '1') blocked.add(file);
      else blocked.delete(file);
      ctx.status = 204;
      return undefined;
    }
    if (name === '__hits') {
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(hits.get(key(url.searchParams.get('file') ?? '')) ?? 0);
      return undefined;
    }
    if (blocked.has(key(name))) {
      hits.set(key(name), (hits.get(key(name)) ?? 0) + 1);
      ctx.status = 503;
      ctx.body = 'blocked by the test';
      return undefined;
    }
    try {
      ctx.body = await readFile(join(cdnDir, basename(name)));
      ctx.type = 'text/javascript';
      ctx.status = 200;
    } catch {
      ctx.status = 404;
    }
    return undefined;
  };
}
