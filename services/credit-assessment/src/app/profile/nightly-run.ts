import { nightlyRunDueOn } from '../../domain/nightly-schedule';
import type { CreditDeps } from '../deps';

/**
 * The firms whose nightly re-assessment is due now. The firm directory is the one table without
 * row-level security: the sweep reads every firm's time zone.
 */
export async function firmsDueForNightlyRun(deps: CreditDeps): Promise<string[]> {
  const now = deps.clock();
  const rows = await deps.db
    .selectFrom('credit_firms')
    .select(['firm_id', 'time_zone', 'rescored_on'])
    .orderBy('firm_id')
    .execute();
  return rows
    .filter((row) => nightlyRunDueOn(row.time_zone, row.rescored_on, now) !== null)
    .map((row) => row.firm_id);
}

/** Records that the nightly run covered `date`, so later sweeps that day pass the firm by. */
export async function recordNightlyRun(deps: CreditDeps, firmId: string, date: string) {
  await deps.db
    .updateTable('credit_firms')
    .set({ rescored_on: date })
    .where('firm_id', '=', firmId)
    .where((eb) => eb.or([eb('rescored_on', 'is', null), eb('rescored_on', '<', date)]))
    .execute();
}
