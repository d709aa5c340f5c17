import { sql, type Transaction } from 'kysely';
import type { CollectionsDatabase } from '../../db/schema';
import { groupKey, needsMatter, type GroupBy } from './grouping';

type Tx = Transaction<CollectionsDatabase>;

export interface AgedAmounts {
  group: string | null;
  currency: string;
  current: bigint;
  days1to30: bigint;
  days31to60: bigint;
  days61to90: bigint;
  days91to120: bigint;
  over120: bigint;
  total: bigint;
}

const bucketSum = (from: number, to: number | null, asOf: string) =>
  to === null
    ? sql<string>`coalesce(sum(x.open_minor) filter (where ${asOf}::date - x.due_date >= ${from}), 0)`
    : sql<string>`coalesce(sum(x.open_minor) filter (where ${asOf}::date - x.due_date between ${from} and ${to}), 0)`;

/**
 * Open receivables as of the end of `asOf`, per group and currency, in the aging buckets of
 * DOMAIN.md: the ranges of the open-amount history that contain the date (index range on
 * valid_to, then valid_from), summed in one pass.
 */
export async function agedAmounts(tx: Tx, asOf: string, groupBy: GroupBy): Promise<AgedAmounts[]> {
  const key = groupKey(groupBy);
  let query = tx
    .selectFrom('open_amount_history as x')
    .where('x.valid_to', '>', asOf)
    .where('x.valid_from', '<=', asOf)
    .where('x.open_minor', '<>', 0n);
  if (needsMatter(groupBy)) {
    query = query.leftJoin('matters as m', (join) =>
      join.onRef('m.firm_id', '=', 'x.firm_id').onRef('m.matter_id', '=', 'x.matter_id'),
    ) as unknown as typeof query;
  }
  const rows = await query
    .select([
      key.as('group'),
      'x.currency',
      sql<string>`coalesce(sum(x.open_minor) filter (where x.due_date >= ${asOf}::date), 0)`.as(
        'current',
      ),
      bucketSum(1, 30, asOf).as('d1'),
      bucketSum(31, 60, asOf).as('d31'),
      bucketSum(61, 90, asOf).as('d61'),
      bucketSum(91, 120, asOf).as('d91'),
      bucketSum(121, null, asOf).as('d121'),
      sql<string>`sum(x.open_minor)`.as('total'),
    ])
    .groupBy([key, 'x.currency'])
    .orderBy('x.currency')
    .orderBy(key)
    .execute();
  return rows.map((row) => ({
    group: row.group,
    currency: row.currency,
    current: BigInt(row.current),
    days1to30: BigInt(row.d1),
    days31to60: BigInt(row.d31),
    days61to90: BigInt(row.d61),
    days91to120: BigInt(row.d91),
    over120: BigInt(row.d121),
    total: BigInt(row.total),
  }));
}
