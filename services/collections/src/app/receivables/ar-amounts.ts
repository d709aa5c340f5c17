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

/**
 * A report over a firm's open ranges groups up to a million of them: with the default working
 * memory the grouping sorts on disk; this transaction may hash them in memory instead.
 */
export async function allowReportMemory(tx: Tx): Promise<void> {
  await sql`set local work_mem = '64MB'`.execute(tx);
}

/**
 * The bucket of a range's open amount as of `asOf` (0 current, 1: 1-30 ... 5: over 120 days
 * past due), computed once per row: one sum per group and bucket is much cheaper than six
 * filtered sums per group.
 */
const bucketOf = (asOf: string) =>
  sql<number>`case when x.due_date >= ${asOf}::date then 0
    else least(5, (${asOf}::date - x.due_date + 29) / 30) end`;

/**
 * Open receivables as of the end of `asOf`, per group and currency, in the aging buckets of
 * DOMAIN.md: the ranges of the open-amount history that contain the date (index range on
 * valid_to, then valid_from), summed per bucket in one pass.
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
  const bucket = bucketOf(asOf);
  const rows = await query
    .select([
      key.as('group'),
      'x.currency',
      bucket.as('bucket'),
      sql<string>`sum(x.open_minor)::text`.as('amount'),
    ])
    // by position: the bucket's date is a parameter, and a second copy would not match the first
    .groupBy([sql`1`, sql`2`, sql`3`])
    .execute();
  const byGroup = new Map<string, AgedAmounts>();
  for (const row of rows) {
    const id = `${row.currency}|${row.group ?? ''}`;
    let entry = byGroup.get(id);
    if (entry === undefined) {
      entry = {
        group: row.group,
        currency: row.currency,
        current: 0n,
        days1to30: 0n,
        days31to60: 0n,
        days61to90: 0n,
        days91to120: 0n,
        over120: 0n,
        total: 0n,
      };
      byGroup.set(id, entry);
    }
    const amount = BigInt(row.amount);
    entry[BUCKET_FIELDS[Number(row.bucket)]!] += amount;
    entry.total += amount;
  }
  // Ordered as before: by currency, then group (nulls last, as PostgreSQL orders them).
  return [...byGroup.values()].sort(
    (a, b) =>
      a.currency.localeCompare(b.currency) ||
      (a.group === null
        ? b.group === null
          ? 0
          : 1
        : b.group === null
          ? -1
          : compare(a.group, b.group)),
  );
}

const BUCKET_FIELDS = [
  'current',
  'days1to30',
  'days31to60',
  'days61to90',
  'days91to120',
  'over120',
] as const;

/** Byte order, as the database's C collation of uuids and ids in text. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
