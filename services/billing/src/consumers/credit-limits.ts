import { eventCatalogue, type CatalogueEvent, type EventEnvelope } from '@lexfin/contracts';
import { PoisonMessageError } from '@lexfin/messaging';
import type { EventHandler } from '@lexfin/persistence';
import { NotFoundError } from '@lexfin/platform';
import { eventCaller, type Caller } from '@lexfin/service-kit';
import { closeCreditBreach, openCreditBreach } from '../app/credit-breaches';
import { CREDIT_LIMIT_WORK } from '../app/credit-holds';
import type { BillingTx } from '../app/deps';
import { lockClient } from '../app/loaders';
import type { BillingDatabase } from '../db/tables';

const limitBreached = eventCatalogue['lexfin.credit.limit.breached.v1'];
const limitRestored = eventCatalogue['lexfin.credit.limit.restored.v1'];
type Breached = Extract<CatalogueEvent, { type: typeof limitBreached.type }>;
type Restored = Extract<CatalogueEvent, { type: typeof limitRestored.type }>;

/**
 * The client locked for the breach's work, as a command takes it: a matter being opened for it
 * waits, so it cannot miss the hold. A client billing does not have never will.
 */
async function lockBreachedClient(tx: BillingTx, caller: Caller, event: EventEnvelope<unknown>) {
  const { clientId } = event.data as { clientId: string };
  try {
    return await lockClient(tx, caller, clientId);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    throw new PoisonMessageError(
      `${event.type} ${event.id} names client ${clientId}, which this firm does not have`,
    );
  }
}

/**
 * Credit's limit events, through the inbox (a redelivered event does nothing again). A breach
 * puts the client's live matters on CREDIT hold; its restore releases them once no breach of
 * the client remains. Events of one client arrive in order, but a dead letter replayed late may
 * bring a breach after its restore: the restore is recorded, so that breach holds nothing.
 */
export const creditLimitHandlers: Record<string, EventHandler<BillingDatabase>> = {
  async [limitBreached.type](tx, envelope) {
    const event = envelope as Breached;
    const caller = eventCaller(event, CREDIT_LIMIT_WORK);
    const client = await lockBreachedClient(tx, caller, event);
    await openCreditBreach(tx, caller, {
      clientId: client.id,
      breachId: event.id,
      currency: event.data.currency,
      cause: event.data.cause,
      reason: event.data.reason,
      openedAt: new Date(event.time),
    });
  },
  async [limitRestored.type](tx, envelope) {
    const event = envelope as Restored;
    const caller = eventCaller(event, CREDIT_LIMIT_WORK);
    const client = await lockBreachedClient(tx, caller, event);
    await closeCreditBreach(tx, caller, {
      clientId: client.id,
      breachId: event.data.breachId,
      currency: event.data.currency,
      closedAt: new Date(event.time),
    });
  },
};
