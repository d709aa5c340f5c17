import { allow, inFirm } from '@lexfin/service-kit';
import { addDays, daysBetween, monthEnd, monthStart } from '../../domain/calendar';
import {
  averageDaysDelinquent,
  bestPossibleDso,
  collectionEffectivenessIndex,
  collectionRate,
  countBackDso,
  lockupDays,
  simpleDso,
  type MonthOfBillings,
  type Tenths,
} from '../../domain/kpis';
import type { CollectionsScope } from '../collections-scope';
import { COLLECTIONS_READERS } from '../roles';
import type { GroupBy } from './grouping';
import { firmKpiFactsByDay, kpiFactsByRow, wipAt, type KpiDates } from './kpi-facts';
import { groupLabels } from './labels';
import { allowReportMemory } from './ar-amounts';

/** How far back count-back DSO looks for billings: AR older than this adds no more days. */
const COUNT_BACK_MONTHS = 24;

export interface KpiMonth {
  month: string;
  billed: bigint;
  collected: bigint;
  closingAr: bigint;
  countBackDso: Tenths | null;
}

export interface KpiRow {
  group: string | null;
  label: string;
  currency: string;
  openingAr: bigint;
  sales: bigint;
  collected: bigint;
  closingAr: bigint;
  closingCurrentAr: bigint;
  wip: bigint;
  annualFees: bigint;
  countBackDso: Tenths | null;
  simpleDso: Tenths | null;
  bestPossibleDso: Tenths | null;
  averageDaysDelinquent: Tenths | null;
  collectionEffectivenessIndex: Tenths | null;
  wipDays: Tenths | null;
  debtorDays: Tenths | null;
  lockupDays: Tenths | null;
  collectionRate: Tenths | null;
  trend: KpiMonth[];
}

function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = monthStart(from); month <= to; month = addDays(monthEnd(month), 1)) {
    months.push(month.slice(0, 7));
  }
  return months;
}

/** The months before `asOf`, newest first, with their billings (the as-of month up to it). */
function countBackMonths(billed: Map<string, bigint>, asOf: string): MonthOfBillings[] {
  const months: MonthOfBillings[] = [];
  let end = asOf;
  for (let index = 0; index < COUNT_BACK_MONTHS; index += 1) {
    const start = monthStart(end);
    months.push({
      billedMinor: billed.get(start.slice(0, 7)) ?? 0n,
      days: daysBetween(start, end) + 1,
    });
    end = addDays(start, -1);
  }
  return months;
}

/**
 * Collections KPIs over [from, to] per group and currency (DOMAIN.md formulas), with the
 * monthly trend: billings, collections, closing AR and count-back DSO at each month's end.
 */
export async function collectionsKpis(
  scope: CollectionsScope,
  query: { from: string; to: string; groupBy: GroupBy },
): Promise<KpiRow[]> {
  allow(scope.caller, COLLECTIONS_READERS);
  const { from, to, groupBy } = query;
  const days = daysBetween(from, to) + 1;
  const months = monthsBetween(from, to);
  const monthEnds = months.map((month) => {
    const end = monthEnd(`${month}-01`);
    return end < to ? end : to;
  });
  const yearStart = addDays(to, -364);
  const billingsFrom = monthStart(addDays(monthStart(from), -31 * COUNT_BACK_MONTHS));
  return inFirm(scope.db, scope.caller, async (tx) => {
    await allowReportMemory(tx);
    const dates: KpiDates = {
      opening: addDays(from, -1),
      closing: to,
      monthEnds,
      billings: { from: billingsFrom, to, periodFrom: from, yearFrom: yearStart },
      collectedFrom: from,
    };
    // The firm's totals are kept per day; a grouping within the firm reads the rows.
    const { opening, closing, arAtMonthEnds, billed, collected } =
      groupBy === 'FIRM'
        ? await firmKpiFactsByDay(tx, dates)
        : await kpiFactsByRow(tx, dates, groupBy);
    const wip = await wipAt(tx, to, groupBy);
    const keyOf = (row: { group: string | null; currency: string }) =>
      `${row.group ?? ''}|${row.currency}`;
    const groups = new Map<string, { group: string | null; currency: string }>();
    for (const row of [...opening, ...closing, ...arAtMonthEnds, ...billed, ...collected, ...wip]) {
      groups.set(keyOf(row), { group: row.group, currency: row.currency });
    }
    const byKey = <R extends { group: string | null; currency: string }>(rows: R[]) => {
      const grouped = new Map<string, R[]>();
      for (const row of rows) {
        const list = grouped.get(keyOf(row));
        if (list === undefined) grouped.set(keyOf(row), [row]);
        else list.push(row);
      }
      return grouped;
    };
    const billedByKey = byKey(billed);
    const collectedByKey = byKey(collected);
    const wipByKey = byKey(wip);
    const openingIndex = new Map(opening.map((row) => [keyOf(row), row.total]));
    const closingIndex = new Map(closing.map((row) => [keyOf(row), row]));
    const monthEndIndex = new Map(
      arAtMonthEnds.map((row) => [`${keyOf(row)}@${row.asOf}`, row.total]),
    );
    const labels = await groupLabels(
      tx,
      groupBy,
      [...groups.values()].map((group) => group.group),
    );
    return [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, { group, currency }]) => {
        const billedInMonth = new Map(
          (billedByKey.get(key) ?? []).map((row) => [row.month, row.billed]),
        );
        const collectedInMonth = new Map(
          (collectedByKey.get(key) ?? []).map((row) => [row.month, row.collected]),
        );
        const billings = billedByKey.get(key) ?? [];
        const sales = billings.reduce((sum, row) => sum + row.inPeriod, 0n);
        const annualFees = billings.reduce((sum, row) => sum + row.inYear, 0n);
        const openingAr = openingIndex.get(key) ?? 0n;
        const closingAmounts = closingIndex.get(key) ?? { total: 0n, current: 0n };
        const collectedTotal = [...collectedInMonth.values()].reduce((a, b) => a + b, 0n);
        const wipAmount = (wipByKey.get(key) ?? [])[0]?.wip ?? 0n;
        const simple = simpleDso(closingAmounts.total, sales, days);
        const best = bestPossibleDso(closingAmounts.current, sales, days);
        const lockup = lockupDays(wipAmount, closingAmounts.total, annualFees);
        return {
          group,
          label: labels.get(group) ?? 'Not recorded',
          currency,
          openingAr,
          sales,
          collected: collectedTotal,
          closingAr: closingAmounts.total,
          closingCurrentAr: closingAmounts.current,
          wip: wipAmount,
          annualFees,
          countBackDso: countBackDso(closingAmounts.total, countBackMonths(billedInMonth, to)),
          simpleDso: simple,
          bestPossibleDso: best,
          averageDaysDelinquent: averageDaysDelinquent(simple, best),
          collectionEffectivenessIndex: collectionEffectivenessIndex(
            openingAr,
            sales,
            closingAmounts.total,
            closingAmounts.current,
          ),
          wipDays: lockup.wipDays,
          debtorDays: lockup.debtorDays,
          lockupDays: lockup.lockup,
          collectionRate: collectionRate(collectedTotal, sales),
          trend: months.map((month, index) => {
            const end = monthEnds[index]!;
            const closingAr = monthEndIndex.get(`${key}@${end}`) ?? 0n;
            return {
              month,
              billed: billedInMonth.get(month) ?? 0n,
              collected: collectedInMonth.get(month) ?? 0n,
              closingAr,
              countBackDso: countBackDso(closingAr, countBackMonths(billedInMonth, end)),
            };
          }),
        };
      });
  });
}
