import { dateIn } from '../domain/dates';
import type { CreditTx } from './deps';

/** The firm's time zone: UTC until billing's firm settings name one. */
async function firmTimeZone(tx: CreditTx, firmId: string): Promise<string> {
  const firm = await tx
    .selectFrom('credit_firms')
    .select('time_zone')
    .where('firm_id', '=', firmId)
    .executeTakeFirst();
  return firm?.time_zone ?? 'UTC';
}

/** The business date it is now in the firm's time zone. */
export async function firmToday(tx: CreditTx, firmId: string, now: Date): Promise<string> {
  return dateIn(await firmTimeZone(tx, firmId), now);
}

/**
 * Enters the firm in the directory the nightly run sweeps (on its first event) and answers its
 * business date now: one statement, as it runs for every event.
 */
export async function enrolFirmToday(tx: CreditTx, firmId: string, now: Date): Promise<string> {
  const firm = await tx
    .insertInto('credit_firms')
    .values({ firm_id: firmId, time_zone: 'UTC', rescored_on: null })
    .onConflict((conflict) =>
      conflict
        .column('firm_id')
        .doUpdateSet((eb) => ({ time_zone: eb.ref('credit_firms.time_zone') })),
    )
    .returning('time_zone')
    .executeTakeFirstOrThrow();
  return dateIn(firm.time_zone, now);
}
