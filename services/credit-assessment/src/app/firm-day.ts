import { dateIn } from '@lexfin/platform/business-dates';
import type { CreditTx } from './deps';

async function firmTimeZoneIfEnrolled(tx: CreditTx, firmId: string): Promise<string | undefined> {
  const firm = await tx
    .selectFrom('credit_firms')
    .select('time_zone')
    .where('firm_id', '=', firmId)
    .executeTakeFirst();
  return firm?.time_zone;
}

/** The firm's time zone: UTC until billing's firm settings name one. */
async function firmTimeZone(tx: CreditTx, firmId: string): Promise<string> {
  return (await firmTimeZoneIfEnrolled(tx, firmId)) ?? 'UTC';
}

/** The business date it is now in the firm's time zone. */
export async function firmToday(tx: CreditTx, firmId: string, now: Date): Promise<string> {
  return dateIn(await firmTimeZone(tx, firmId), now);
}

/**
 * Enters the firm in the directory the nightly run sweeps (on its first event) and answers its
 * business date now. It reads first and inserts only when missing: an upsert would lock the
 * firm's row to the end of the transaction and queue every consumer of the firm behind it.
 */
export async function enrolFirmToday(tx: CreditTx, firmId: string, now: Date): Promise<string> {
  const timeZone = await firmTimeZoneIfEnrolled(tx, firmId);
  if (timeZone !== undefined) return dateIn(timeZone, now);
  await tx
    .insertInto('credit_firms')
    .values({ firm_id: firmId, time_zone: 'UTC', rescored_on: null })
    .onConflict((conflict) => conflict.column('firm_id').doNothing())
    .execute();
  return dateIn((await firmTimeZoneIfEnrolled(tx, firmId)) ?? 'UTC', now);
}
