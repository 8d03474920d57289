/** A server-sent events stream: headers that defeat buffering, named events, and keep-alive comments. */
import type { Response } from 'express';

export interface SseStream {
  send(event: string, data: unknown): void;
  close(): void;
}

export function openSse(res: Response, pingIntervalMs: number, onClose: () => void): SseStream {
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no', // nginx would otherwise hold events back
  });
  res.flushHeaders();
  res.write(': connected\n\n');
  const ping = setInterval(() => res.write(': ping\n\n'), pingIntervalMs);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(ping);
    onClose();
    res.end();
  };
  res.on('close', close);
  return {
    send(event, data) {
      if (!closed) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    close,
  };
}
