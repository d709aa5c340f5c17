import { dateIn } from '../domain/dates';
import type { CreditTx } from './deps';

/** The business date it is now in the firm's time zone (UTC until billing tells us the zone). */
export async function firmToday(tx: CreditTx, firmId: string, now: Date): Promise<string> {
  const firm = await tx
    .selectFrom('credit_firms')
    .select('time_zone')
    .where('firm_id', '=', firmId)
    .executeTakeFirst();
  return dateIn(firm?.time_zone ?? 'UTC', now);
}
