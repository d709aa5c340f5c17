import { withNextStatement } from '@lexfin/persistence';
import { dateIn } from '@lexfin/platform/business-dates';
import type { CreditTx } from './deps';

/** The firm's time zone (no row until the firm is enrolled), for a caller that reads it with others. */
export function selectFirmTimeZone(tx: CreditTx, firmId: string) {
  return tx.selectFrom('credit_firms').select('time_zone').where('firm_id', '=', firmId);
}

/** The firm's business date now: in its time zone, UTC until billing's firm settings name one. */
export function firmDateOf(timeZone: string | undefined, now: Date): string {
  return dateIn(timeZone ?? 'UTC', now);
}

/** The business date it is now in the firm's time zone. */
export async function firmToday(tx: CreditTx, firmId: string, now: Date): Promise<string> {
  return firmDateOf((await selectFirmTimeZone(tx, firmId).executeTakeFirst())?.time_zone, now);
}

/**
 * Enters the firm in the directory the nightly run sweeps (on its first event), sent with the
 * transaction's next statement. A row already there is left alone and not locked (an upsert would
 * lock it to the end of the transaction and queue every consumer of the firm behind it).
 */
export async function enrolFirm(tx: CreditTx, firmId: string): Promise<void> {
  const enrol = tx
    .insertInto('credit_firms')
    .values({ firm_id: firmId, time_zone: 'UTC', rescored_on: null })
    .onConflict((conflict) => conflict.column('firm_id').doNothing());
  await tx.executeQuery(withNextStatement(enrol.compile()));
}
