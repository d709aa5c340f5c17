import type { Transaction } from 'kysely';
import { billingEvents, serviceTopicFor, type EventEnvelope } from '@lexfin/contracts';
import type { Messaging } from '@lexfin/messaging';
import { startEventConsumer, type EventHandler } from '@lexfin/persistence';
import type { z } from 'zod';
import type { TrustDatabase } from '../db/schema';
import { parseDecimalAmount } from '@lexfin/money';

type Data<D extends { data: z.ZodType }> = z.output<D['data']>;
type Handler<D extends { data: z.ZodType }> = (
  tx: Transaction<TrustDatabase>,
  data: Data<D>,
  event: EventEnvelope<unknown>,
) => Promise<void>;

function on<D extends { type: string; data: z.ZodType }>(
  definition: D,
  handle: Handler<D>,
): [string, EventHandler<TrustDatabase>] {
  return [definition.type, (tx, event) => handle(tx, event.data as Data<D>, event)];
}

async function upsertClient(
  tx: Transaction<TrustDatabase>,
  data: Data<typeof billingEvents.clientCreated>,
  event: EventEnvelope<unknown>,
) {
  await tx
    .insertInto('clients')
    .values({
      firm_id: event.firmid,
      client_id: data.clientId,
      display_name: data.displayName,
      currency: data.currency,
    })
    .onConflict((conflict) =>
      conflict
        .columns(['firm_id', 'client_id'])
        .doUpdateSet({ display_name: data.displayName, currency: data.currency }),
    )
    .execute();
}

/** Billing's events this service keeps a replica of: clients and matters (the inbox dedups). */
export const billingReplicaHandlers: Record<
  string,
  EventHandler<TrustDatabase>
> = Object.fromEntries([
  on(billingEvents.clientCreated, upsertClient),
  on(billingEvents.clientUpdated, upsertClient),
  on(billingEvents.matterOpened, async (tx, data, event) => {
    const minimum = data.evergreenRetainerMinimum;
    const values = {
      client_id: data.clientId,
      matter_number: data.matterNumber,
      description: data.description,
      currency: data.currency,
      evergreen_minimum_minor:
        minimum === null ? null : parseDecimalAmount(minimum.amount, minimum.currency),
    };
    await tx
      .insertInto('matters')
      .values({ firm_id: event.firmid, matter_id: data.matterId, closed_on: null, ...values })
      .onConflict((conflict) => conflict.columns(['firm_id', 'matter_id']).doUpdateSet(values))
      .execute();
  }),
  on(billingEvents.matterClosed, async (tx, data) => {
    await tx
      .updateTable('matters')
      .set({ closed_on: data.closedOn })
      .where('matter_id', '=', data.matterId)
      .execute();
  }),
]);

export const BILLING_CONSUMER_GROUP = 'trust-accounting.billing-replica';

export function startBillingReplica(options: {
  messaging: Messaging;
  db: import('kysely').Kysely<TrustDatabase>;
  consumerGroup?: string;
}) {
  return startEventConsumer({
    messaging: options.messaging,
    db: options.db,
    consumerGroup: options.consumerGroup ?? BILLING_CONSUMER_GROUP,
    topics: [serviceTopicFor('billing')],
    handlers: billingReplicaHandlers,
  });
}
