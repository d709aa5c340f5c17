import type { Kysely, Transaction } from 'kysely';
import { decodeEvent, type EventEnvelope } from '@lexfin/contracts';
import type { IncomingMessage, Messaging, RetryPolicy, RunningConsumer } from '@lexfin/messaging';
import { handleEachOnce, handleOnce } from './inbox';
import type { InboxDatabase } from './inbox-table';
import { inFirmTransaction } from './tenancy';

export type EventHandler<DB> = (
  tx: Transaction<DB>,
  event: EventEnvelope<unknown>,
) => Promise<void>;

/** One firm's new events from one fetch, in order; each has a handler and is in the inbox now. */
export type BatchEventHandler<DB> = (
  tx: Transaction<DB>,
  events: EventEnvelope<unknown>[],
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
  /**
   * Optional: applies a fetch's events one transaction per firm instead of one per event. When a
   * batch fails, its events are applied one by one through `handlers` (retries, dead letter).
   */
  batchHandler?: BatchEventHandler<DB>;
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
    ...(options.batchHandler ? { handleBatch: batchOf(options, options.batchHandler) } : {}),
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

/** A fetch's events grouped by firm, each group applied once through the inbox in one transaction. */
function batchOf<DB extends InboxDatabase>(
  options: EventConsumerOptions<DB>,
  batchHandler: BatchEventHandler<DB>,
): (messages: IncomingMessage[]) => Promise<void> {
  return async (messages) => {
    const byFirm = new Map<string, EventEnvelope<unknown>[]>();
    for (const message of messages) {
      const event = decodeEvent(message.value ?? '');
      if (!options.handlers[event.type]) continue;
      const events = byFirm.get(event.firmid);
      if (events) events.push(event);
      else byFirm.set(event.firmid, [event]);
    }
    for (const [firmId, events] of byFirm) {
      await inFirmTransaction(options.db, firmId, (tx) =>
        handleEachOnce(
          tx,
          events.map((event) => ({
            consumerGroup: options.consumerGroup,
            eventId: event.id,
            eventType: event.type,
            firmId,
            event,
          })),
          (fresh) =>
            batchHandler(
              tx,
              fresh.map((receipt) => receipt.event),
            ),
        ),
      );
    }
  };
}
