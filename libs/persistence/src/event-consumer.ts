import type { Kysely, Transaction } from 'kysely';
import { decodeEvent, type EventEnvelope } from '@lexfin/contracts';
import type { Messaging, RetryPolicy, RunningConsumer } from '@lexfin/messaging';
import { handleOnce } from './inbox';
import type { InboxDatabase } from './inbox-table';
import { inFirmTransaction } from './tenancy';

export type EventHandler<DB> = (
  tx: Transaction<DB>,
  event: EventEnvelope<unknown>,
) => Promise<void>;

export interface EventConsumerOptions<DB extends InboxDatabase> {
  messaging: Messaging;
  db: Kysely<DB>;
  consumerGroup: string;
  topics: string[];
  /** Handlers by event type; events of other types on the same topics are passed over. */
  handlers: Record<string, EventHandler<DB>>;
  retry?: RetryPolicy;
  fromBeginning?: boolean;
  partitionsConsumedConcurrently?: number;
}

/**
 * Consumes other services' events into this service's database: each event is decoded and
 * validated, then applied in one transaction bound to its firm, through the inbox so that a
 * redelivery has no second effect. Undecodable events go to the dead-letter topic at once.
 */
export function startEventConsumer<DB extends InboxDatabase>(
  options: EventConsumerOptions<DB>,
): Promise<RunningConsumer> {
  return options.messaging.startConsumer({
    groupId: options.consumerGroup,
    topics: options.topics,
    retry: options.retry,
    fromBeginning: options.fromBeginning,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
    async handle(message) {
      const event = decodeEvent(message.value ?? '');
      const handler = options.handlers[event.type];
      if (!handler) return;
      await inFirmTransaction(options.db, event.firmid, (tx) =>
        handleOnce(
          tx,
          {
            consumerGroup: options.consumerGroup,
            eventId: event.id,
            eventType: event.type,
            firmId: event.firmid,
          },
          () => handler(tx, event),
        ),
      );
    },
  });
}
