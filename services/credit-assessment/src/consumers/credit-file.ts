import { billingEvents, type EventEnvelope } from '@lexfin/contracts';
import type { BatchEventHandler, EventHandler } from '@lexfin/persistence';
import { eventCaller, type Caller } from '@lexfin/service-kit';
import type { z } from 'zod';
import type { CreditDeps, CreditTx } from '../app/deps';
import { recordFacts, type NewFact } from '../app/facts-store';
import { enrolFirm } from '../app/firm-day';
import { reassessClients } from '../app/profile/reassess-client';
import type { CreditDatabase } from '../db/schema';
import { factMappers } from './event-facts';

/** Billing's, trust's and collections' topics: the consumer group that keeps the credit file. */
export const CREDIT_FILE_GROUP = 'credit-assessment.credit-file';

type FirmSettings = z.output<typeof billingEvents.firmSettingsChanged.data>;

async function applyFirmSettings(tx: CreditTx, event: EventEnvelope<unknown>): Promise<void> {
  const settings = event.data as FirmSettings;
  await tx
    .insertInto('credit_firms')
    .values({ firm_id: event.firmid, time_zone: settings.timeZone, rescored_on: null })
    .onConflict((conflict) =>
      conflict.column('firm_id').doUpdateSet({ time_zone: settings.timeZone }),
    )
    .execute();
}

/**
 * A firm's new events (one, or a fetch's worth) applied in one transaction: their facts appended
 * in one statement and each client they touch re-assessed once from all its facts, so the live
 * profile, limits and breach events follow every relevant event. A client's events come in their
 * partition's order; the fold sorts facts by the events' own time anyway.
 */
export function creditFileBatch(deps: CreditDeps): BatchEventHandler<CreditDatabase> {
  return async (tx, events) => {
    const facts: NewFact[] = [];
    // The events published about a client name the last event that touched it as their cause.
    const causes = new Map<string, Caller>();
    for (const event of events) {
      if (event.type === billingEvents.firmSettingsChanged.type) {
        await applyFirmSettings(tx, event);
        continue;
      }
      const eventFacts = factMappers[event.type]?.(event) ?? [];
      if (eventFacts.length === 0) continue;
      facts.push(...eventFacts);
      causes.set(eventFacts[0]!.clientId, eventCaller(event, 'credit-file'));
    }
    if (facts.length === 0) return;
    const firmId = events[0]!.firmid;
    const now = deps.clock();
    // Three round trips in all: the inbox's, then these writes with the re-assessment's reads,
    // then its writes with the commit. Each round trip more kept the partition's next events
    // waiting (this lane applies one transaction at a time).
    await enrolFirm(tx, firmId);
    await recordFacts(tx, firmId, facts, now);
    // Re-assessment takes the clients' locks before it reads: a transaction holding one meanwhile
    // commits before this one reads, so this one folds both its facts and ours.
    await reassessClients(
      tx,
      causes.values().next().value!,
      [...causes.keys()],
      now,
      undefined,
      causes,
    );
  };
}

/** The same, one event at a time: how a batch that failed is applied (retries, dead letter). */
export function creditFileHandlers(deps: CreditDeps): Record<string, EventHandler<CreditDatabase>> {
  const batch = creditFileBatch(deps);
  const handlers: Record<string, EventHandler<CreditDatabase>> = {};
  for (const type of [...Object.keys(factMappers), billingEvents.firmSettingsChanged.type]) {
    handlers[type] = (tx, event) => batch(tx, [event]);
  }
  return handlers;
}
