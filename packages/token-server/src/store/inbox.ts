/**
 * The webhook inbox: every accepted delivery is a row (eventId unique), and the same rows are the work
 * queue the worker claims with a lease. Finished rows stay as dedupe keys until purged.
 */
import { sql, type ExpressionBuilder, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, InboxTable } from './schema.js';
import type { InboxEvent, InboxQueries, InboxStatus, NewInboxEvent, StoreKind } from './types.js';
import { chunks } from './values.js';
import { urgently } from './write-priority.js';

function toInboxEvent(row: Selectable<InboxTable>): InboxEvent {
  return {
    eventId: row.event_id,
    event: row.event,
    itemId: row.item_id,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    status: row.status as InboxStatus,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
    lastError: row.last_error,
    outcome: row.outcome,
    receivedAt: row.received_at,
    finishedAt: row.finished_at,
    scopeUserId: row.scope_user_id,
  };
}

function toRow(event: NewInboxEvent) {
  return {
    event_id: event.eventId,
    event: event.event,
    item_id: event.itemId,
    payload: JSON.stringify(event.payload),
    status: 'pending',
    next_attempt_at: event.receivedAt,
    received_at: event.receivedAt,
    scope_user_id: event.scopeUserId ?? null,
  };
}

/**
 * PostgreSQL: two claim transactions running at once both see no `processing` event for an item (neither has
 * committed) and could each take one. Each item is therefore claimed under a transaction-scoped advisory lock,
 * and re-checked with a fresh statement once the lock is held: a concurrent claimer either still holds the
 * lock (skip the item) or has committed, and its `processing` row is now visible (skip it too).
 */
async function withoutItemsClaimedConcurrently(
  trx: Transaction<Database>,
  due: { event_id: string; item_id: string | null }[],
  now: number,
): Promise<{ event_id: string }[]> {
  const kept: { event_id: string }[] = [];
  const ours = new Set<string>();
  const skipped = new Set<string>();
  for (const row of due) {
    const itemId = row.item_id;
    if (itemId === null || ours.has(itemId)) {
      kept.push(row);
      continue;
    }
    if (skipped.has(itemId)) continue;
    const { rows } = await sql<{
      locked: boolean;
    }>`select pg_try_advisory_xact_lock(hashtext(${itemId})) as locked`.execute(trx);
    const busy =
      rows[0]?.locked === true &&
      (await trx
        .selectFrom('webhook_inbox')
        .select('event_id')
        .where('item_id', '=', itemId)
        .where('status', '=', 'processing')
        .where('lease_until', '>', now)
        .executeTakeFirst());
    if (rows[0]?.locked !== true || busy) {
      skipped.add(itemId);
      continue;
    }
    ours.add(itemId);
    kept.push(row);
  }
  return kept;
}

/** The update that leases rows to `owner` until `leaseUntil` and counts the attempt (every claim uses it). */
function leasedTo(owner: string, leaseUntil: number) {
  return (eb: ExpressionBuilder<Database, 'webhook_inbox'>) => ({
    status: 'processing',
    lease_owner: owner,
    lease_until: leaseUntil,
    attempts: eb('attempts', '+', 1),
  });
}

type DueCondition = (
  eb: ExpressionBuilder<Database, 'webhook_inbox'>,
) => ReturnType<ExpressionBuilder<Database, 'webhook_inbox'>['and']>;

/**
 * Up to `limit` rows matching `condition`, oldest attempt first, skipping items whose events another
 * worker is processing: one item's events are not handled by two workers at once (a sync that read Pluggy
 * before a deletion must not write after the deletion was applied elsewhere).
 */
async function dueRows(
  trx: Transaction<Database>,
  kind: StoreKind,
  now: number,
  limit: number,
  condition: DueCondition,
): Promise<{ event_id: string; item_id: string | null }[]> {
  if (limit <= 0) return [];
  return trx
    .selectFrom('webhook_inbox')
    .select(['event_id', 'item_id'])
    .where(condition)
    .where((eb) =>
      eb.or([
        eb('item_id', 'is', null),
        eb.not(
          eb.exists(
            eb
              .selectFrom('webhook_inbox as busy')
              .select('busy.event_id')
              .whereRef('busy.item_id', '=', 'webhook_inbox.item_id')
              .where('busy.status', '=', 'processing')
              .where('busy.lease_until', '>', now),
          ),
        ),
      ]),
    )
    .orderBy('next_attempt_at')
    .orderBy('received_at')
    .limit(limit)
    .$if(kind === 'postgres', (query) => query.forUpdate().skipLocked())
    .execute();
}

export function inboxQueries(db: Kysely<Database>, kind: StoreKind): InboxQueries {
  return {
    // Acknowledgements wait on these two: they go before the worker's queries (write-priority.ts).
    async insert(event) {
      const result = await urgently(() =>
        db
          .insertInto('webhook_inbox')
          .values(toRow(event))
          .onConflict((oc) => oc.column('event_id').doNothing())
          .executeTakeFirst(),
      );
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0 ? 'inserted' : 'duplicate';
    },

    async insertEach(events) {
      if (events.length === 0) return [];
      // One statement (one commit, one round trip): the rows it reports back are the ones it inserted.
      const inserted = await urgently(() =>
        db
          .insertInto('webhook_inbox')
          .values(events.map(toRow))
          .onConflict((oc) => oc.column('event_id').doNothing())
          .returning('event_id')
          .execute(),
      );
      const fresh = new Set(inserted.map((row) => row.event_id));
      // A second copy of an eventId in the same call is a duplicate of the first.
      return events.map((event) => (fresh.delete(event.eventId) ? 'inserted' : 'duplicate'));
    },

    async insertMany(events) {
      return db.transaction().execute(async (trx) => {
        let inserted = 0;
        for (const batch of chunks(events, 500)) {
          const result = await trx
            .insertInto('webhook_inbox')
            .values(batch.map(toRow))
            .onConflict((oc) => oc.column('event_id').doNothing())
            .executeTakeFirst();
          inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
        }
        return inserted;
      });
    },

    async get(eventId) {
      const row = await db
        .selectFrom('webhook_inbox')
        .selectAll()
        .where('event_id', '=', eventId)
        .executeTakeFirst();
      return row ? toInboxEvent(row) : undefined;
    },

    async claim({ owner, now, leaseMs, limit }) {
      return db.transaction().execute(async (trx) => {
        // SQLite: this transaction began IMMEDIATE, so it alone writes until commit. PostgreSQL: SKIP LOCKED
        // lets concurrent claimers pass over rows another transaction is taking instead of waiting for them.
        // Two index-ordered scans that stop at `limit` (one OR over both states made SQLite collect and sort
        // every due row on each claim, which grows with the backlog): expired leases, then pending events.
        const expired = await dueRows(trx, kind, now, limit, (eb) =>
          eb.and([eb('status', '=', 'processing'), eb('lease_until', '<=', now)]),
        );
        const pending = await dueRows(trx, kind, now, limit - expired.length, (eb) =>
          eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
        );
        const due = [...expired, ...pending];
        const claimable = kind === 'postgres' ? await withoutItemsClaimedConcurrently(trx, due, now) : due;
        if (claimable.length === 0) return [];
        const rows = await trx
          .updateTable('webhook_inbox')
          .set(leasedTo(owner, now + leaseMs))
          .where(
            'event_id',
            'in',
            claimable.map((row) => row.event_id),
          )
          .returningAll()
          .execute();
        return rows
          .map(toInboxEvent)
          .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.receivedAt - b.receivedAt);
      });
    },

    async claimCovered({ owner, itemId, events, now, leaseMs, limit }) {
      if (events.length === 0 || limit <= 0) return [];
      const rows = await db
        .updateTable('webhook_inbox')
        .set(leasedTo(owner, now + leaseMs))
        .where('event_id', 'in', (eb) =>
          eb
            .selectFrom('webhook_inbox')
            .select('event_id')
            .where('item_id', '=', itemId)
            .where('status', '=', 'pending')
            .where('event', 'in', [...events])
            .orderBy('received_at')
            .limit(limit)
            .$if(kind === 'postgres', (query) => query.forUpdate().skipLocked()),
        )
        // Re-checked on the row itself: PostgreSQL's subquery may see a row another statement just took.
        .where('status', '=', 'pending')
        .returningAll()
        .execute();
      return rows.map(toInboxEvent).sort((a, b) => a.receivedAt - b.receivedAt);
    },

    async extendLease(eventId, owner, leaseUntil) {
      const result = await db
        .updateTable('webhook_inbox')
        .set({ lease_until: leaseUntil })
        .where('event_id', '=', eventId)
        .where('status', '=', 'processing')
        .where('lease_owner', '=', owner)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async complete(eventId, owner, outcome, now) {
      const result = await db
        .updateTable('webhook_inbox')
        .set({ status: 'done', outcome, finished_at: now, lease_owner: null, lease_until: null })
        .where('event_id', '=', eventId)
        .where('status', '=', 'processing')
        .where('lease_owner', '=', owner)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async retry(eventId, owner, error, retryAt) {
      const result = await db
        .updateTable('webhook_inbox')
        .set({
          status: 'pending',
          last_error: error,
          next_attempt_at: retryAt,
          lease_owner: null,
          lease_until: null,
        })
        .where('event_id', '=', eventId)
        .where('status', '=', 'processing')
        .where('lease_owner', '=', owner)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async bury(eventId, owner, error, now) {
      const result = await db
        .updateTable('webhook_inbox')
        .set({ status: 'dead', last_error: error, finished_at: now, lease_owner: null, lease_until: null })
        .where('event_id', '=', eventId)
        .where('status', '=', 'processing')
        .$if(owner !== null, (query) => query.where('lease_owner', '=', owner))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async list(status, limit = 100) {
      const rows = await db
        .selectFrom('webhook_inbox')
        .selectAll()
        .where('status', '=', status)
        .orderBy('received_at')
        .orderBy('event_id')
        .limit(limit)
        .execute();
      return rows.map(toInboxEvent);
    },

    async requeue(eventId, now) {
      const result = await db
        .updateTable('webhook_inbox')
        .set({ status: 'pending', attempts: 0, next_attempt_at: now, finished_at: null })
        .where('event_id', '=', eventId)
        .where('status', '=', 'dead')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async purgeDone(finishedBefore) {
      const result = await db
        .deleteFrom('webhook_inbox')
        .where('status', '=', 'done')
        .where('finished_at', '<', finishedBefore)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async countByStatus() {
      const rows = await db
        .selectFrom('webhook_inbox')
        .select(['status', sql<number | string>`count(*)`.as('count')])
        .groupBy('status')
        .execute();
      const counts: Record<InboxStatus, number> = { pending: 0, processing: 0, done: 0, dead: 0 };
      for (const row of rows) counts[row.status as InboxStatus] = Number(row.count);
      return counts;
    },
  };
}
