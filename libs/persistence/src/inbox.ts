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
  const inboxTx = tx as unknown as Transaction<InboxDatabase>;
  const inserted = await inboxTx
    .insertInto('inbox')
    .values({
      consumer_group: receipt.consumerGroup,
      event_id: receipt.eventId,
      event_type: receipt.eventType,
      firm_id: receipt.firmId,
    })
    .onConflict((conflict) => conflict.columns(['consumer_group', 'event_id']).doNothing())
    .returning('event_id')
    .executeTakeFirst();
  if (!inserted) return { applied: false };
  return { applied: true, result: await effect() };
}
