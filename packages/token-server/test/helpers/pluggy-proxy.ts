/**
 * A loopback HTTP proxy in front of the emulator that can answer the next matching request itself, for
 * Pluggy answers the emulator has no control for (e.g. a 400 other than "update already in progress").
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CannedAnswer {
  method: string;
  /** Matches when the request path starts with it. */
  path: string;
  status: number;
  body: unknown;
}

export interface PluggyProxy {
  url: string;
  /** The next request matching `answer.method` and `answer.path` gets `answer` instead of the emulator's. */
  answerNext(answer: CannedAnswer): void;
  stop(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startPluggyProxy(upstream: string): Promise<PluggyProxy> {
  const canned: CannedAnswer[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const body = await bodyOf(req);
      const index = canned.findIndex(
        (answer) => answer.method === req.method && (req.url ?? '').startsWith(answer.path),
      );
      if (index >= 0) {
        const [answer] = canned.splice(index, 1);
        res
          .writeHead(answer!.status, { 'content-type': 'application/json' })
          .end(JSON.stringify(answer!.body));
        return;
      }
      const headers: Record<string, string> = {};
      for (const name of ['content-type', 'x-api-key', 'accept'])
        if (typeof req.headers[name] === 'string') headers[name] = req.headers[name];
      const forwarded = await fetch(`${upstream}${req.url ?? '/'}`, {
        method: req.method,
        headers,
        body: body.length > 0 ? body : undefined,
      });
      const answerHeaders: Record<string, string> = {};
      for (const [name, value] of forwarded.headers)
        if (name === 'content-type' || name === 'retry-after') answerHeaders[name] = value;
      res.writeHead(forwarded.status, answerHeaders).end(Buffer.from(await forwarded.arrayBuffer()));
    })().catch(() => res.writeHead(599).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answerNext: (answer) => void canned.push(answer),
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
