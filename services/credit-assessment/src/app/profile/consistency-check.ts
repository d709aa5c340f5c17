import { allow, inFirm, type Caller } from '@lexfin/service-kit';
import { creditFeatures, type CreditFeatures } from '../../domain/features';
import type { CreditDeps } from '../deps';
import { selectFacts } from '../facts-store';
import { fromStoredJson, toStoredJson } from '../json';
import { differences } from '../decisions/differences';
import { OPERATORS } from '../roles';

export interface ConsistencyReport {
  clientsChecked: number;
  inconsistent: { clientId: string; differences: string[] }[];
}

const BATCH = 500;

/**
 * Recomputes every stored profile's features from its client's facts (as of the profile's date)
 * and reports where they differ: a profile that drifted from its facts is a bug to chase.
 */
export async function creditConsistencyCheck(
  deps: CreditDeps,
  caller: Caller,
): Promise<ConsistencyReport> {
  allow(caller, OPERATORS);
  const report: ConsistencyReport = { clientsChecked: 0, inconsistent: [] };
  let after: string | null = null;
  for (;;) {
    const from = after;
    const profiles = await inFirm(deps.db, caller, async (tx) => {
      let query = tx
        .selectFrom('client_profiles')
        .select(['client_id', 'as_of', 'features'])
        .where('firm_id', '=', caller.firmId)
        .orderBy('client_id')
        .limit(BATCH);
      if (from !== null) query = query.where('client_id', '>', from);
      const rows = await query.execute();
      if (rows.length === 0) return rows;
      const facts = await selectFacts(tx, caller.firmId)
        .where(
          'client_id',
          'in',
          rows.map((row) => row.client_id),
        )
        .execute();
      for (const row of rows) {
        const own = facts.filter((fact) => fact.clientId === row.client_id);
        const recomputed = fromStoredJson<CreditFeatures>(
          toStoredJson(creditFeatures(own, row.as_of)),
        );
        const found = differences(
          fromStoredJson<CreditFeatures>(row.features),
          recomputed,
          'features',
        );
        if (found.length > 0)
          report.inconsistent.push({ clientId: row.client_id, differences: found });
      }
      return rows;
    });
    report.clientsChecked += profiles.length;
    if (profiles.length < BATCH) return report;
    after = profiles.at(-1)!.client_id;
  }
}
