import { sql, type Transaction } from 'kysely';
import { PAID_KINDS, type CollectionsDatabase } from '../../db/schema';
import { groupKey, needsMatter, type GroupBy } from './grouping';

type Tx = Transaction<CollectionsDatabase>;

export interface GroupAmount {
  group: string | null;
  currency: string;
}

/** Total and current (not yet past due) AR at the end of each date, per group and currency. */
export async function arAtDates(
  tx: Tx,
  dates: readonly string[],
  groupBy: GroupBy,
): Promise<(GroupAmount & { asOf: string; total: bigint; current: bigint })[]> {
  if (dates.length === 0) return [];
  const key = groupKey(groupBy);
  const join = needsMatter(groupBy)
    ? sql`left join matters m on m.firm_id = x.firm_id and m.matter_id = x.matter_id`
    : sql``;
  const { rows } = await sql<{
    as_of: string;
    group: string | null;
    currency: string;
    total: string;
    current: string;
  }>`select d.as_of::text as as_of, ${key} as "group", x.currency,
        sum(x.open_minor)::text as total,
        coalesce(sum(x.open_minor) filter (where x.due_date >= d.as_of), 0)::text as current
      from unnest(${dates}::date[]) as d(as_of)
      join open_amount_history x
        on x.valid_to > d.as_of and x.valid_from <= d.as_of and x.open_minor <> 0
      ${join}
      group by d.as_of, ${key}, x.currency`.execute(tx);
  return rows.map((row) => ({
    asOf: row.as_of,
    group: row.group,
    currency: row.currency,
    total: BigInt(row.total),
    current: BigInt(row.current),
  }));
}

/**
 * Invoices issued per calendar month from `from` to `to` (credit notes not netted), per group and
 * currency, with the part of each month on or after `periodFrom` and on or after `yearFrom`:
 * the count-back billings, the period's sales and the year's fees in one pass over the invoices.
 */
export async function billedByMonth(
  tx: Tx,
  range: { from: string; to: string; periodFrom: string; yearFrom: string },
  groupBy: GroupBy,
): Promise<(GroupAmount & { month: string; billed: bigint; inPeriod: bigint; inYear: bigint })[]> {
  const key = groupKey(groupBy);
  let query = tx
    .selectFrom('invoices as x')
    .where('x.invoice_date', '>=', range.from)
    .where('x.invoice_date', '<=', range.to);
  if (needsMatter(groupBy)) {
    query = query.leftJoin('matters as m', (join) =>
      join.onRef('m.firm_id', '=', 'x.firm_id').onRef('m.matter_id', '=', 'x.matter_id'),
    ) as unknown as typeof query;
  }
  const from = (date: string) =>
    sql<string>`coalesce(sum(x.total_minor) filter (where x.invoice_date >= ${date}::date), 0)::text`;
  const rows = await query
    .select([
      key.as('group'),
      'x.currency',
      sql<string>`to_char(date_trunc('month', x.invoice_date), 'YYYY-MM')`.as('month'),
      sql<string>`sum(x.total_minor)::text`.as('billed'),
      from(range.periodFrom).as('in_period'),
      from(range.yearFrom).as('in_year'),
    ])
    // by position: the month is grouped on the date truncated, cheaper than text per invoice
    .groupBy([sql`1`, sql`2`, sql`date_trunc('month', x.invoice_date)`])
    .execute();
  return rows.map((row) => ({
    group: row.group,
    currency: row.currency,
    month: row.month,
    billed: BigInt(row.billed),
    inPeriod: BigInt(row.in_period),
    inYear: BigInt(row.in_year),
  }));
}

/** Payments and applied client credit, net of reversals, per calendar month. */
export async function collectedByMonth(
  tx: Tx,
  from: string,
  to: string,
  groupBy: GroupBy,
): Promise<(GroupAmount & { month: string; collected: bigint })[]> {
  // The firm's total needs no invoice: the movements alone, without a join per payment.
  const key = groupBy === 'FIRM' ? sql<string>`mv.firm_id` : groupKey(groupBy);
  let query = tx
    .selectFrom('invoice_movements as mv')
    .where('mv.on_date', '>=', from)
    .where('mv.on_date', '<=', to)
    .where('mv.kind', 'in', PAID_KINDS);
  if (groupBy !== 'FIRM') {
    query = query.innerJoin('invoices as x', (join) =>
      join.onRef('x.firm_id', '=', 'mv.firm_id').onRef('x.invoice_id', '=', 'mv.invoice_id'),
    ) as unknown as typeof query;
  }
  if (needsMatter(groupBy)) {
    query = query.leftJoin('matters as m', (join) =>
      join
        .onRef('m.firm_id', '=', sql.ref('x.firm_id'))
        .onRef('m.matter_id', '=', sql.ref('x.matter_id')),
    ) as unknown as typeof query;
  }
  const rows = await query
    .select([
      key.as('group'),
      'mv.currency',
      sql<string>`to_char(date_trunc('month', mv.on_date), 'YYYY-MM')`.as('month'),
      sql<string>`(-sum(mv.amount_minor))::text`.as('collected'),
    ])
    .groupBy([sql`1`, sql`2`, sql`date_trunc('month', mv.on_date)`])
    .execute();
  return rows.map((row) => ({
    group: row.group,
    currency: row.currency,
    month: row.month,
    collected: BigInt(row.collected),
  }));
}

/** Billable work recorded by `asOf` and not billed or deleted by then. */
export async function wipAt(
  tx: Tx,
  asOf: string,
  groupBy: GroupBy,
): Promise<(GroupAmount & { wip: bigint })[]> {
  const key = groupKey(groupBy);
  const rows = await tx
    .selectFrom('unbilled_work as x')
    .leftJoin('matters as m', (join) =>
      join.onRef('m.firm_id', '=', 'x.firm_id').onRef('m.matter_id', '=', 'x.matter_id'),
    )
    .where('x.billable', '=', true)
    .where('x.recorded_on', '<=', asOf)
    .where((eb) => eb.or([eb('x.billed_on', 'is', null), eb('x.billed_on', '>', asOf)]))
    .where((eb) => eb.or([eb('x.deleted_on', 'is', null), eb('x.deleted_on', '>', asOf)]))
    .select([key.as('group'), 'x.currency', sql<string>`sum(x.amount_minor)::text`.as('wip')])
    .groupBy([key, 'x.currency'])
    .execute();
  return rows.map((row) => ({ group: row.group, currency: row.currency, wip: BigInt(row.wip) }));
}

/**
 * AR at the end of each of `dates` (consecutive month ends, the last possibly mid-month), per
 * group and currency, in two passes over the
 * open-amount ranges rather than one per date: AR(d) = the ranges begun by d - the ranges ended
 * by d, each summed per the first date at or after its start or end. Each pass sums per day
 * first (a date is cheap to group by), the month end is worked out once per day, not per range.
 */
export async function arAtDatesByDeltas(
  tx: Tx,
  dates: readonly string[],
  groupBy: GroupBy,
): Promise<(GroupAmount & { asOf: string; total: bigint })[]> {
  if (dates.length === 0) return [];
  const key = groupKey(groupBy);
  const join = needsMatter(groupBy)
    ? sql`left join matters m on m.firm_id = x.firm_id and m.matter_id = x.matter_id`
    : sql``;
  const first = dates[0]!;
  const last = dates[dates.length - 1]!;
  // The dates are month ends (the last one the period's end): the first of them at or after a
  // day is the end of its month, no earlier than the first and no later than the last.
  const { rows } = await sql<{
    first_date: string;
    group: string | null;
    currency: string;
    delta: string;
  }>`with edges as (
        select x.valid_from as day, ${key} as "group", x.currency, sum(x.open_minor) as amount
        from open_amount_history x ${join}
        where x.valid_from <= ${last}::date and x.open_minor <> 0
        group by 1, 2, 3
        union all
        select x.valid_to, ${key}, x.currency, -sum(x.open_minor)
        from open_amount_history x ${join}
        where x.valid_to <= ${last}::date and x.open_minor <> 0
        group by 1, 2, 3
      )
      select greatest(${first}::date, least(${last}::date,
          (date_trunc('month', e.day) + interval '1 month - 1 day')::date))::text as first_date,
        e."group", e.currency, sum(e.amount)::text as delta
      from edges e
      group by 1, 2, 3`.execute(tx);
  const totals = new Map<string, GroupAmount & { deltas: Map<string, bigint> }>();
  for (const row of rows) {
    const id = `${row.group ?? ''}|${row.currency}`;
    const entry = totals.get(id) ?? { group: row.group, currency: row.currency, deltas: new Map() };
    entry.deltas.set(row.first_date, BigInt(row.delta));
    totals.set(id, entry);
  }
  return [...totals.values()].flatMap((entry) => {
    let running = 0n;
    return dates.map((asOf) => {
      running += entry.deltas.get(asOf) ?? 0n;
      return { group: entry.group, currency: entry.currency, asOf, total: running };
    });
  });
}

/** The facts the KPIs of a period read, per group and currency. */
export interface KpiFacts {
  /** AR at the end of the day before the period. */
  opening: (GroupAmount & { total: bigint })[];
  /** AR at the end of the period, and the part of it not yet past due. */
  closing: (GroupAmount & { total: bigint; current: bigint })[];
  arAtMonthEnds: Awaited<ReturnType<typeof arAtDatesByDeltas>>;
  billed: Awaited<ReturnType<typeof billedByMonth>>;
  collected: Awaited<ReturnType<typeof collectedByMonth>>;
}

export interface KpiDates {
  opening: string;
  closing: string;
  monthEnds: readonly string[];
  billings: { from: string; to: string; periodFrom: string; yearFrom: string };
  collectedFrom: string;
}

/** The KPIs' facts per any grouping, from the open-amount ranges, invoices and movements. */
export async function kpiFactsByRow(tx: Tx, dates: KpiDates, groupBy: GroupBy): Promise<KpiFacts> {
  // One transaction's queries run one after another on its connection.
  const ar = await arAtDates(tx, [dates.opening, dates.closing], groupBy);
  return {
    opening: ar.filter((row) => row.asOf === dates.opening),
    closing: ar.filter((row) => row.asOf === dates.closing),
    arAtMonthEnds: await arAtDatesByDeltas(tx, dates.monthEnds, groupBy),
    billed: await billedByMonth(tx, dates.billings, groupBy),
    collected: await collectedByMonth(tx, dates.collectedFrom, dates.closing, groupBy),
  };
}

/**
 * The firm's KPI facts (groupBy FIRM), equal to kpiFactsByRow's, from the day totals the
 * replica keeps (one row per currency and day) instead of every range and movement. The current
 * AR at the closing date reads the ranges not yet due then (by due date): days know no due dates.
 */
export async function firmKpiFactsByDay(tx: Tx, dates: KpiDates): Promise<KpiFacts> {
  const to = dates.closing;
  const days = await tx
    .selectFrom('receivables_by_day')
    // a day's rows add up (migration 0132)
    .select([
      'firm_id',
      'currency',
      'on_date',
      sql<bigint>`sum(billed_minor)::bigint`.as('billed_minor'),
      sql<bigint>`sum(collected_minor)::bigint`.as('collected_minor'),
      sql<bigint>`sum(ar_change_minor)::bigint`.as('ar_change_minor'),
    ])
    .where('on_date', '<=', to)
    .groupBy(['firm_id', 'currency', 'on_date'])
    .orderBy('currency')
    .orderBy('on_date')
    .execute();
  const currentRows = await tx
    .selectFrom('open_amount_history')
    .where('due_date', '>=', to)
    .where('valid_from', '<=', to)
    .where('valid_to', '>', to)
    .where('open_minor', '<>', 0n)
    .select(['currency', sql<string>`sum(open_minor)::text`.as('current')])
    .groupBy('currency')
    .execute();
  const currentAt = new Map(currentRows.map((row) => [row.currency, BigInt(row.current)]));
  const facts: KpiFacts = {
    opening: [],
    closing: [],
    arAtMonthEnds: [],
    billed: [],
    collected: [],
  };
  const byCurrency = new Map<string, typeof days>();
  for (const day of days) {
    const list = byCurrency.get(day.currency);
    if (list === undefined) byCurrency.set(day.currency, [day]);
    else list.push(day);
  }
  for (const [currency, list] of byCurrency) {
    const group = list[0]!.firm_id;
    const arOn = (date: string) =>
      list.reduce((sum, day) => (day.on_date <= date ? sum + day.ar_change_minor : sum), 0n);
    facts.opening.push({ group, currency, total: arOn(dates.opening) });
    facts.closing.push({
      group,
      currency,
      total: arOn(to),
      current: currentAt.get(currency) ?? 0n,
    });
    for (const asOf of dates.monthEnds) {
      facts.arAtMonthEnds.push({ group, currency, asOf, total: arOn(asOf) });
    }
    const billedMonths = new Map<string, { billed: bigint; inPeriod: bigint; inYear: bigint }>();
    const collectedMonths = new Map<string, bigint>();
    for (const day of list) {
      const month = day.on_date.slice(0, 7);
      if (day.on_date >= dates.billings.from && day.billed_minor !== 0n) {
        const entry = billedMonths.get(month) ?? { billed: 0n, inPeriod: 0n, inYear: 0n };
        entry.billed += day.billed_minor;
        if (day.on_date >= dates.billings.periodFrom) entry.inPeriod += day.billed_minor;
        if (day.on_date >= dates.billings.yearFrom) entry.inYear += day.billed_minor;
        billedMonths.set(month, entry);
      }
      if (day.on_date >= dates.collectedFrom && day.collected_minor !== 0n) {
        collectedMonths.set(month, (collectedMonths.get(month) ?? 0n) + day.collected_minor);
      }
    }
    for (const [month, entry] of billedMonths)
      facts.billed.push({ group, currency, month, ...entry });
    for (const [month, collected] of collectedMonths) {
      facts.collected.push({ group, currency, month, collected });
    }
  }
  return facts;
}
