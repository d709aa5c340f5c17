import { allow, inFirm } from '@lexfin/service-kit';
import { COLLECTIONS_READERS } from '../roles';
import type { CollectionsScope } from '../collections-scope';
import { agedAmounts, allowReportMemory, type AgedAmounts } from './ar-amounts';
import type { GroupBy } from './grouping';
import { groupLabels } from './labels';

export interface AgingRow extends AgedAmounts {
  label: string;
}

export interface AgingReport {
  asOf: string;
  groupBy: GroupBy;
  rows: AgingRow[];
}

/** AR aging as of the end of a date, per group and currency (never summed across currencies). */
export async function arAging(
  scope: CollectionsScope,
  query: { asOf: string; groupBy: GroupBy },
): Promise<AgingReport> {
  allow(scope.caller, COLLECTIONS_READERS);
  return inFirm(scope.db, scope.caller, async (tx) => {
    await allowReportMemory(tx);
    const amounts = await agedAmounts(tx, query.asOf, query.groupBy);
    const labels = await groupLabels(
      tx,
      query.groupBy,
      amounts.map((row) => row.group),
    );
    return {
      ...query,
      rows: amounts.map((row) => ({ ...row, label: labels.get(row.group) ?? 'Not recorded' })),
    };
  });
}
