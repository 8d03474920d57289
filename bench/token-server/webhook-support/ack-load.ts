/**
 * The load generator of webhook-ack.ts (open loop, open-loop.ts), in a process of its own: it measures
 * latency on its own event loop, so the emulator answering the worker's reads (in the parent) cannot delay the reading of an
 * acknowledgement and inflate the numbers. Pluggy's delivery side is not on the server's machine either.
 * Reads the LoadSpec from LOAD_SPEC, writes the LoadResult to LOAD_RESULT, then exits.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { BENCH_SECRET, type LoadResult, type LoadSpec } from './ack-protocol.js';
import { WEBHOOK_SECRET_HEADER } from '../../../packages/token-server/src/webhooks/index.js';
import { runOpenLoop } from './open-loop.js';

interface RequestContext {
  eventId: string;
  redelivery: boolean;
}

const spec = JSON.parse(readFileSync(process.env.LOAD_SPEC!, 'utf8')) as LoadSpec;

let sequence = 0;
const eventTypes = new Map<string, string>();
const acknowledged = new Set<string>();
let redeliveriesAnsweredDuplicate = 0;
const refusals = new Map<number, number>();

const url = new URL(spec.url);
const load = (rate: number, durationSeconds: number) =>
  runOpenLoop<RequestContext>({
    origin: url.origin,
    path: url.pathname,
    rate,
    durationSeconds,
    // Enough sockets that a slow answer does not hold later deliveries back (Pluggy does not wait for one
    // delivery before sending the next event of another item).
    connections: Math.max(10, Math.ceil(rate / 10)),
    nextRequest() {
      // Every tenth request redelivers the previous event (same eventId, same body).
      const redelivery = sequence % 10 === 9;
      const number = redelivery ? sequence - 1 : sequence;
      sequence += 1;
      const body = spec.bodies[number % spec.bodies.length]!;
      const eventId = `${spec.name}-${number}`;
      eventTypes.set(eventId, body.event);
      return {
        body: JSON.stringify({ ...body, eventId }),
        headers: { 'content-type': 'application/json', [WEBHOOK_SECRET_HEADER]: BENCH_SECRET },
        context: { eventId, redelivery },
      };
    },
    onResponse(status, body, context) {
      if (status !== 200) {
        refusals.set(status, (refusals.get(status) ?? 0) + 1);
        return;
      }
      acknowledged.add(context.eventId);
      if (context.redelivery && (JSON.parse(body) as { duplicate?: boolean }).duplicate)
        redeliveriesAnsweredDuplicate += 1;
    },
  });

// Warm-up (JIT, connection pools) as a server that has been up a while would be; its events are checked
// like the others, its latencies are not reported.
await load(Math.ceil(spec.rate / 5), spec.warmupSeconds);
const result = await load(spec.rate, spec.duration);

const mix: Record<string, number> = {};
for (const eventId of acknowledged) {
  const type = eventTypes.get(eventId)!;
  mix[type] = (mix[type] ?? 0) + 1;
}
const output: LoadResult = {
  planned: result.planned,
  requests: result.completed,
  requestsPerSecond: result.completedPerSecond,
  p50: result.p50Ms,
  p99: result.p99Ms,
  max: result.maxMs,
  errors: result.errors,
  acknowledged: [...acknowledged],
  redeliveriesAnsweredDuplicate,
  refusals: Object.fromEntries(refusals),
  mix,
};
writeFileSync(process.env.LOAD_RESULT!, JSON.stringify(output));
