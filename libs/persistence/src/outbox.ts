import { sql, type RawBuilder, type Transaction } from 'kysely';
import { encodeEvent, type EventEnvelope } from '@lexfin/contracts';
import { outboxChannel, type OutboxDatabase } from './outbox-table';

/**
 * Records events in the same transaction as the state change they describe: both commit, or
 * neither does. The relay publishes them after commit.
 *
 * Per-key order: a transaction-scoped advisory lock on each message key is held until commit,
 * so two transactions writing events for the same client get ids in commit order, and the relay,
 * publishing in id order, publishes them in commit order.
 */
export async function enqueueEvents<DB extends OutboxDatabase>(
  tx: Transaction<DB>,
  events: readonly EventEnvelope<unknown>[],
): Promise<void> {
  if (events.length === 0) return;
  // One round trip; the notification is only delivered at commit.
  await outboxEnqueue(events).execute(tx);
}

/**
 * The statement `enqueueEvents` runs (the events' rows and the relay's wake-up), for a caller
 * that sends it with its next statement (`sendWithNext`). Must not be empty.
 */
export function outboxEnqueue(events: readonly EventEnvelope<unknown>[]): RawBuilder<unknown> {
  return sql`with queued as (${outboxInsert(events)})
    select ${outboxWakeUp} from (select count(*) from queued) as done`;
}

/**
 * The insert `enqueueEvents` runs, for a caller that writes its own changes in the same
 * statement: use it as a data-modifying WITH query and select `outboxWakeUp` in the statement.
 * Must not be empty.
 */
export function outboxInsert(events: readonly EventEnvelope<unknown>[]): RawBuilder<unknown> {
  const rows = events.map((event) => {
    const encoded = encodeEvent(event);
    return {
      event_id: event.id,
      event_type: event.type,
      firm_id: event.firmid,
      topic: encoded.topic,
      message_key: encoded.key,
      payload: encoded.value,
      headers: JSON.stringify(encoded.headers),
    };
  });
  const keys = [...new Set(rows.map((row) => row.message_key))].sort();
  // The lock subquery is an InitPlan: Postgres runs it before the first row is formed, so every
  // key is locked before any row draws its id. Sorted keys: no deadlocks between transactions
  // locking the same keys.
  return sql`
    insert into outbox (event_id, event_type, firm_id, topic, message_key, payload, headers)
    select event_id, event_type, firm_id, topic, message_key, payload, headers::jsonb
    from unnest(
      ${rows.map((row) => row.event_id)}::uuid[], ${rows.map((row) => row.event_type)}::text[],
      ${rows.map((row) => row.firm_id)}::uuid[], ${rows.map((row) => row.topic)}::text[],
      ${rows.map((row) => row.message_key)}::text[], ${rows.map((row) => row.payload)}::text[],
      ${rows.map((row) => row.headers)}::text[]
    ) with ordinality as queued(event_id, event_type, firm_id, topic, message_key, payload, headers, position)
    where (select count(pg_advisory_xact_lock(hashtextextended(key, 0))) from unnest(${keys}::text[]) as key) >= 0
    order by position
    returning 1`;
}

/** Wakes the outbox relay at commit (see `outboxInsert`). */
export const outboxWakeUp: RawBuilder<unknown> = sql`pg_notify(${outboxChannel}, '')`;

export function enqueueEvent<DB extends OutboxDatabase>(
  tx: Transaction<DB>,
  event: EventEnvelope<unknown>,
): Promise<void> {
  return enqueueEvents(tx, [event]);
}
