import { billingEvents } from '@lexfin/contracts';
import type { EventHandler } from '@lexfin/persistence';
import { eventCaller } from '@lexfin/service-kit';
import type { z } from 'zod';
import type { CreditDeps } from '../app/deps';
import { recordFacts } from '../app/facts-store';
import { enrolFirmToday } from '../app/firm-day';
import { reassessClients } from '../app/profile/reassess-client';
import type { CreditDatabase } from '../db/schema';
import { factMappers } from './event-facts';

/** Billing's, trust's and collections' topics: the consumer group that keeps the credit file. */
export const CREDIT_FILE_GROUP = 'credit-assessment.credit-file';

type FirmSettings = z.output<typeof billingEvents.firmSettingsChanged.data>;

/**
 * Each event's facts are appended to its client's credit file and the client is re-assessed in
 * the same transaction (the inbox makes a redelivery a no-op): the live profile, limits and
 * breach events follow every relevant event.
 */
export function creditFileHandlers(deps: CreditDeps): Record<string, EventHandler<CreditDatabase>> {
  const handlers: Record<string, EventHandler<CreditDatabase>> = {};
  for (const [type, toFacts] of Object.entries(factMappers)) {
    handlers[type] = async (tx, event) => {
      const facts = toFacts(event);
      if (facts.length === 0) return;
      const now = deps.clock();
      const today = await enrolFirmToday(tx, event.firmid, now);
      await recordFacts(tx, event.firmid, facts, now);
      // Re-assessment takes the client's lock before it reads: a transaction holding the lock
      // meanwhile commits before this one reads, so this one folds both its facts and ours.
      await reassessClients(
        tx,
        eventCaller(event, 'credit-file'),
        [facts[0]!.clientId],
        now,
        today,
      );
    };
  }
  handlers[billingEvents.firmSettingsChanged.type] = async (tx, event) => {
    const settings = event.data as FirmSettings;
    await tx
      .insertInto('credit_firms')
      .values({ firm_id: event.firmid, time_zone: settings.timeZone, rescored_on: null })
      .onConflict((conflict) =>
        conflict.column('firm_id').doUpdateSet({ time_zone: settings.timeZone }),
      )
      .execute();
  };
  return handlers;
}
