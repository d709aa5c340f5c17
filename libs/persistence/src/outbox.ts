import { sql, type Transaction } from 'kysely';
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
  const outboxTx = tx as unknown as Transaction<OutboxDatabase>;
  // Sorted, so two transactions locking the same keys can never deadlock on each other.
  await sql`select pg_advisory_xact_lock(hashtextextended(key, 0)) from unnest(${keys}::text[]) as key`.execute(
    outboxTx,
  );
  await outboxTx.insertInto('outbox').values(rows).execute();
  await sql`select pg_notify(${outboxChannel}, '')`.execute(outboxTx);
}

export function enqueueEvent<DB extends OutboxDatabase>(
  tx: Transaction<DB>,
  event: EventEnvelope<unknown>,
): Promise<void> {
  return enqueueEvents(tx, [event]);
}
