import type { Transaction } from 'kysely';
import { billingEvents, type EventEnvelope } from '@lexfin/contracts';
import { parseDecimalAmount } from '@lexfin/money';
import type { EventHandler } from '@lexfin/persistence';
import type { TrustDatabase } from '../db/schema';
import { on, type EventData } from './handler';
import { invoiceReplicaHandlers } from './invoice-replica';

async function upsertClient(
  tx: Transaction<TrustDatabase>,
  data: Pick<
    EventData<typeof billingEvents.clientCreated>,
    'clientId' | 'displayName' | 'currency'
  >,
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

/** The terms trust keeps of a matter: every version of billing's matter state carries them. */
async function upsertMatter(
  tx: Transaction<TrustDatabase>,
  data: EventData<typeof billingEvents.matterOpened>,
  event: EventEnvelope<unknown>,
) {
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
}

/** Billing's events this service keeps a replica of: clients, matters, invoices (the inbox dedups). */
export const billingReplicaHandlers: Record<
  string,
  EventHandler<TrustDatabase>
> = Object.fromEntries([
  // Each v1 stays handled for the events already on the topic; billing publishes the new ones now.
  on(billingEvents.clientCreated, upsertClient),
  on(billingEvents.clientUpdated, upsertClient),
  on(billingEvents.clientCreatedV2, upsertClient),
  on(billingEvents.clientUpdatedV2, upsertClient),
  on(billingEvents.matterOpened, upsertMatter),
  on(billingEvents.matterOpenedV2, upsertMatter),
  on(billingEvents.matterUpdated, upsertMatter),
  on(billingEvents.matterClosed, async (tx, data) => {
    await tx
      .updateTable('matters')
      .set({ closed_on: data.closedOn })
      .where('matter_id', '=', data.matterId)
      .execute();
  }),
  ...invoiceReplicaHandlers,
]);
