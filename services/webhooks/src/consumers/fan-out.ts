import { sql, type Kysely } from 'kysely';
import { decodeEvent, webhookEvents, type CatalogueEvent } from '@lexfin/contracts';
import type { IncomingMessage } from '@lexfin/messaging';
import { eventCaller, inFirm } from '@lexfin/service-kit';
import type { WebhooksDatabase } from '../db/schema';
import type { DeliveryScheduler } from '../jobs/delivery-queue';

export interface FanOutDependencies {
  db: Kysely<WebhooksDatabase>;
  deliveries: DeliveryScheduler;
}

/**
 * Turns every event on every service topic into one delivery per subscribed, enabled endpoint of
 * its firm. Consumed raw rather than through the inbox consumer: the body sent is the record's
 * value byte for byte, and the unique (endpoint, event) key already makes a redelivery harmless.
 */
export function fanOutMessages(deps: FanOutDependencies) {
  return async (message: IncomingMessage): Promise<void> => {
    const payload = message.value?.toString('utf8') ?? '';
    await fanOut(deps, decodeEvent(payload), payload);
  };
}

/**
 * Records the deliveries, then queues every one of the event's deliveries not yet attempted. A
 * crash between the two leaves the Kafka offset uncommitted: the redelivered message finds the
 * rows and queues them (the queue drops a job it already has).
 */
async function fanOut(
  deps: FanOutDependencies,
  event: CatalogueEvent,
  payload: string,
): Promise<void> {
  const firmId = event.firmid;
  const deliveries = await inFirm(deps.db, eventCaller(event, 'webhook-fan-out'), async (tx) => {
    let subscribers = tx
      .selectFrom('webhook_endpoints')
      .where('firm_id', '=', firmId)
      .where('status', '=', 'ENABLED')
      .where(sql<boolean>`${event.type} = any(event_types)`);
    // A test event concerns its own endpoint only.
    if (event.type === webhookEvents.endpointTested.type) {
      subscribers = subscribers.where('id', '=', event.data.endpointId);
    }
    await tx
      .insertInto('webhook_deliveries')
      .columns(['firm_id', 'id', 'endpoint_id', 'event_id', 'event_type', 'payload', 'status'])
      .expression(
        subscribers.select((eb) => [
          'firm_id',
          sql<string>`gen_random_uuid()`.as('id'),
          'id as endpoint_id',
          sql<string>`${event.id}::uuid`.as('event_id'),
          eb.val(event.type).as('event_type'),
          eb.val(payload).as('payload'),
          eb.val('PENDING').as('status'),
        ]),
      )
      .onConflict((conflict) =>
        conflict.columns(['firm_id', 'endpoint_id', 'event_id']).doNothing(),
      )
      .execute();
    return tx
      .selectFrom('webhook_deliveries')
      .select(['id', 'generation'])
      .where('firm_id', '=', firmId)
      .where('event_id', '=', event.id)
      .where('status', '=', 'PENDING')
      .where('attempts', '=', 0)
      .execute();
  });
  await deps.deliveries.schedule(
    deliveries.map((delivery) => ({
      firmId,
      deliveryId: delivery.id,
      generation: delivery.generation,
    })),
  );
}
