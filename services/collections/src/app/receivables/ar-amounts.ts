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
 * memory the grouping sorts on disk; this transaction may hash them in memory instead. Its
 * queries run once and briefly: compiling them (JIT) would cost more than it saves.
 */
export async function allowReportMemory(tx: Tx): Promise<void> {
  await sql`set local work_mem = '64MB'`.execute(tx);
  await sql`set local jit = off`.execute(tx);
}

/**
 * The ranges containing a date are read from their index alone (it holds every column aging
 * needs), where the tenant's policy is one index condition: a scan of the table would check the
 * policy on every row, at twice the cost. The planner prices that scan too low for pages that
 * are in memory anyway, hence the random page cost of a cached database here.
 */
async function preferIndexOnly(tx: Tx): Promise<void> {
  await sql`set local random_page_cost = 1.1`.execute(tx);
}

/**
 * The open amount of the ranges in one aging bucket as of `asOf`: due on or after it (current),
 * or `fromDays` to `toDays` days past due (the last bucket open-ended).
 */
const inBucket = (asOf: string, fromDays: number, toDays: number | null) => {
  const dueBy = sql`x.due_date <= ${asOf}::date - ${fromDays}::int`;
  const filter =
    toDays === null ? dueBy : sql`${dueBy} and x.due_date >= ${asOf}::date - ${toDays}::int`;
  return sql<string>`coalesce(sum(x.open_minor) filter (where ${filter}), 0)::text`;
};

/**
 * Open receivables as of the end of `asOf`, per group and currency, in the aging buckets of
 * DOMAIN.md: the ranges of the open-amount history that contain the date (index-only range on
 * valid_to, then valid_from), summed per group into its six buckets in one pass: a group per
 * client and currency, not per bucket too, is a fifth of the rows to hash and to send.
 */
export async function agedAmounts(tx: Tx, asOf: string, groupBy: GroupBy): Promise<AgedAmounts[]> {
  const key = groupKey(groupBy);
  await preferIndexOnly(tx);
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
      sql<string>`sum(x.open_minor)::text`.as('total'),
      sql<string>`coalesce(sum(x.open_minor) filter (where x.due_date >= ${asOf}::date), 0)::text`.as(
        'current',
      ),
      inBucket(asOf, 1, 30).as('days1to30'),
      inBucket(asOf, 31, 60).as('days31to60'),
      inBucket(asOf, 61, 90).as('days61to90'),
      inBucket(asOf, 91, 120).as('days91to120'),
      inBucket(asOf, 121, null).as('over120'),
    ])
    // by position: the group key may hold no column the select list names the same way
    .groupBy([sql`1`, sql`2`])
    .execute();
  const amounts: AgedAmounts[] = rows.map((row) => ({
    group: row.group,
    currency: row.currency,
    current: BigInt(row.current),
    days1to30: BigInt(row.days1to30),
    days31to60: BigInt(row.days31to60),
    days61to90: BigInt(row.days61to90),
    days91to120: BigInt(row.days91to120),
    over120: BigInt(row.over120),
    total: BigInt(row.total),
  }));
  // Ordered as before: by currency, then group (nulls last, as PostgreSQL orders them).
  return amounts.sort(
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

/** Byte order, as the database's C collation of uuids and ids in text. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
