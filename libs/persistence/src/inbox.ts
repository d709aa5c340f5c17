import type { Transaction } from 'kysely';
import type { InboxDatabase } from './inbox-table';

export interface InboxReceipt {
  consumerGroup: string;
  eventId: string;
  eventType: string;
  firmId: string;
}

export type InboxOutcome<T> = { applied: true; result: T } | { applied: false };

/**
 * Applies an event's effect at most once per consumer group: the event id is recorded in the
 * same transaction as the effect, so a redelivered event finds its id and does nothing. A
 * concurrent redelivery waits on the primary key until the first commits, then finds it.
 */
export async function handleOnce<DB extends InboxDatabase, T>(
  tx: Transaction<DB>,
  receipt: InboxReceipt,
  effect: () => Promise<T>,
): Promise<InboxOutcome<T>> {
  let outcome: InboxOutcome<T> = { applied: false };
  await handleEachOnce(tx, [receipt], async () => {
    outcome = { applied: true, result: await effect() };
  });
  return outcome;
}

/**
 * `handleOnce` for many events in one transaction: their ids go into the inbox in one
 * statement, and the effect gets only the receipts recorded now (neither seen before nor
 * repeated in the list), in their order.
 */
export async function handleEachOnce<DB extends InboxDatabase, R extends InboxReceipt>(
  tx: Transaction<DB>,
  receipts: readonly R[],
  effect: (fresh: R[]) => Promise<void>,
): Promise<void> {
  if (receipts.length === 0) return;
  const inboxTx = tx as unknown as Transaction<InboxDatabase>;
  const inserted = await inboxTx
    .insertInto('inbox')
    .values(
      receipts.map((receipt) => ({
        consumer_group: receipt.consumerGroup,
        event_id: receipt.eventId,
        event_type: receipt.eventType,
        firm_id: receipt.firmId,
      })),
    )
    .onConflict((conflict) => conflict.columns(['consumer_group', 'event_id']).doNothing())
    .returning('event_id')
    .execute();
  const recorded = new Set(inserted.map((row) => row.event_id));
  const fresh = receipts.filter((receipt) => recorded.delete(receipt.eventId));
  if (fresh.length > 0) await effect(fresh);
}
