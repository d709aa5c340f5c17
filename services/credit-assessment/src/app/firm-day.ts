import { sql } from 'kysely';
import { sendWithNext } from '@lexfin/persistence';
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
 * transaction's next statement. It inserts only when it reads no row: an upsert, or an insert's
 * conflict check, would wait on a transaction changing the firm's row (its settings) and queue
 * every consumer of the firm behind it.
 */
export async function enrolFirm(tx: CreditTx, firmId: string): Promise<void> {
  const enrol = sql`insert into credit_firms (firm_id, time_zone, rescored_on)
    select ${firmId}::uuid, 'UTC', null
    where not exists (select from credit_firms where firm_id = ${firmId}::uuid)
    on conflict (firm_id) do nothing`;
  await sendWithNext(tx, enrol);
}
