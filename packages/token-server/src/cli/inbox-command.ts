/** `pluggy-kit-server inbox --dead | requeue <eventId> | stats`: look after the webhook inbox. */
import type { Store } from '../store/index.js';
import { listDeadEvents, requeueEvent } from '../webhooks/index.js';
import { CliError } from './cli-error.js';
import type { Print } from './webhooks-command.js';

export async function printDeadEvents(store: Store, print: Print): Promise<void> {
  const dead = await listDeadEvents(store, 1000);
  if (dead.length === 0) {
    print('no dead events');
    return;
  }
  for (const event of dead) {
    const error = (event.lastError ?? '').replace(/\s+/g, ' ').slice(0, 160);
    print(
      `${event.eventId}  ${event.event}  item=${event.itemId ?? '-'}  attempts=${event.attempts}  ${error}`,
    );
  }
  print(`${dead.length} dead event(s); requeue one with: pluggy-kit-server inbox requeue <eventId>`);
}

export async function requeue(store: Store, eventId: string | undefined, print: Print): Promise<void> {
  if (!eventId) throw new CliError('inbox requeue needs an eventId', 2);
  if (!(await requeueEvent(store, eventId))) throw new CliError(`no dead event with id ${eventId}`);
  print(`requeued ${eventId}: a running server's worker will process it`);
}

export async function printStats(store: Store, print: Print): Promise<void> {
  const counts = await store.inbox.countByStatus();
  for (const [status, count] of Object.entries(counts)) print(`${status.padEnd(10)} ${count}`);
}
