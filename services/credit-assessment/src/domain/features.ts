import { foldCreditFile, openAmount, type CreditFile, type FiledInvoice } from './credit-file';
import { addDays, daysBetween, epochDay } from '@lexfin/platform/business-dates';
import type { CreditFact } from './facts';
import { paymentIndex } from './payment-index';
import { roundedRatio, weightedMean, weightedP90, type Weighted } from './weighted';

export interface MinorAmount {
  currency: string;
  amountMinor: bigint;
}

export const AGING_BUCKETS = [
  'CURRENT',
  'D1_30',
  'D31_60',
  'D61_90',
  'D91_120',
  'OVER_120',
] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

/** Exposure = unbilled work + unbilled expenses + open receivables - trust held (not floored). */
export interface ExposureFigures {
  unbilledWorkMinor: bigint;
  unbilledExpensesMinor: bigint;
  openReceivablesMinor: bigint;
  trustHeldMinor: bigint;
  exposureMinor: bigint;
}

export interface CurrencyPosition extends ExposureFigures {
  currency: string;
  aging: Record<AgingBucket, bigint>;
  /** Open receivables more than 30 days past due. */
  pastDueOver30Minor: bigint;
}

export interface MatterPosition extends ExposureFigures {
  matterId: string;
  currency: string;
}

export interface DaysStatistics {
  mean: number | null;
  p90: number | null;
}

export type TrendDirection = 'IMPROVING' | 'STABLE' | 'WORSENING';

export interface Trend {
  /** Dollar-weighted mean days beyond terms of invoices paid in the last 90 days. */
  recentDaysBeyondTerms: number | null;
  /** The same for the 365 days before those 90. */
  priorDaysBeyondTerms: number | null;
  direction: TrendDirection | null;
}

export interface CreditFeatures {
  asOf: string;
  tenureDays: number | null;
  /** The currency payment behaviour is weighted in: the one with the most invoices paid. */
  paymentCurrency: string | null;
  invoicesPaid: number;
  daysToPay: DaysStatistics;
  daysBeyondTerms: DaysStatistics;
  paymentIndex: number | null;
  /** Share of invoices paid in the last 12 months that were paid after their due date, 0-1. */
  sharePaidLate: number | null;
  longestDaysPastDue: number;
  bouncedPayments: number;
  writeOffs: number;
  writtenOff: MinorAmount[];
  creditNotes: number;
  credited: MinorAmount[];
  openDisputes: number;
  brokenPromises: number;
  plansDefaulted: number;
  agencyHandoffs: number;
  trend: Trend;
  currencies: CurrencyPosition[];
  matters: MatterPosition[];
  /** The client's open receivables as a share of the firm's, 0-1, per currency. */
  shareOfFirmReceivables: { currency: string; share: number }[];
}

const YEAR = 365;
const TWO_YEARS = 730;
const RECENT = 90;
/** Days of change in the weighted mean days beyond terms that count as a trend. */
const TREND_THRESHOLD_DAYS = 5;

function within(date: string, asOf: string, days: number): boolean {
  return date <= asOf && epochDay(date) > epochDay(asOf) - days;
}

function paidInvoices(file: CreditFile, asOf: string, days: number, currency: string | null) {
  return [...file.invoices.values()].filter(
    (invoice): invoice is FiledInvoice & { paidOn: string } =>
      invoice.paidOn !== null &&
      !invoice.voided &&
      invoice.currency === currency &&
      within(invoice.paidOn, asOf, days),
  );
}

function paymentCurrencyOf(file: CreditFile, asOf: string): string | null {
  const counts = new Map<string, number>();
  for (const invoice of file.invoices.values()) {
    if (invoice.paidOn !== null && !invoice.voided && within(invoice.paidOn, asOf, YEAR)) {
      counts.set(invoice.currency, (counts.get(invoice.currency) ?? 0) + 1);
    }
  }
  const ranked = [...counts].sort(
    ([a, countA], [b, countB]) =>
      countB - countA ||
      Number(b === file.homeCurrency) - Number(a === file.homeCurrency) ||
      (a < b ? -1 : 1),
  );
  return ranked[0]?.[0] ?? file.homeCurrency;
}

function beyondTerms(invoices: (FiledInvoice & { paidOn: string })[]): Weighted[] {
  return invoices.map((invoice) => ({
    days: daysBetween(invoice.dueDate, invoice.paidOn),
    weightMinor: invoice.totalMinor,
  }));
}

function trendOf(file: CreditFile, asOf: string, currency: string | null): Trend {
  const recent = weightedMean(beyondTerms(paidInvoices(file, asOf, RECENT, currency)));
  const priorAsOf = addDays(asOf, -RECENT);
  const prior = weightedMean(beyondTerms(paidInvoices(file, priorAsOf, YEAR, currency)));
  if (recent === null || prior === null) {
    return { recentDaysBeyondTerms: recent, priorDaysBeyondTerms: prior, direction: null };
  }
  const change = recent - prior;
  const direction =
    change > TREND_THRESHOLD_DAYS
      ? 'WORSENING'
      : change < -TREND_THRESHOLD_DAYS
        ? 'IMPROVING'
        : 'STABLE';
  return { recentDaysBeyondTerms: recent, priorDaysBeyondTerms: prior, direction };
}

function agingBucket(daysPastDue: number): AgingBucket {
  if (daysPastDue <= 0) return 'CURRENT';
  if (daysPastDue <= 30) return 'D1_30';
  if (daysPastDue <= 60) return 'D31_60';
  if (daysPastDue <= 90) return 'D61_90';
  if (daysPastDue <= 120) return 'D91_120';
  return 'OVER_120';
}

function emptyFigures(): ExposureFigures {
  return {
    unbilledWorkMinor: 0n,
    unbilledExpensesMinor: 0n,
    openReceivablesMinor: 0n,
    trustHeldMinor: 0n,
    exposureMinor: 0n,
  };
}

type Figure = Exclude<keyof ExposureFigures, 'exposureMinor'>;

function positionsOf(file: CreditFile, asOf: string) {
  const currencies = new Map<string, CurrencyPosition>();
  const matters = new Map<string, MatterPosition>();
  const add = (currency: string, matterId: string | null, figure: Figure, amount: bigint) => {
    const position = currencies.get(currency) ?? {
      currency,
      ...emptyFigures(),
      aging: Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket, 0n])) as Record<
        AgingBucket,
        bigint
      >,
      pastDueOver30Minor: 0n,
    };
    position[figure] += amount;
    currencies.set(currency, position);
    const key = `${matterId}/${currency}`;
    if (matterId === null || (amount === 0n && !matters.has(key))) return;
    const matter = matters.get(key) ?? { matterId, currency, ...emptyFigures() };
    matter[figure] += amount;
    matters.set(key, matter);
  };
  for (const item of file.work.values()) {
    if (item.unbilled) add(item.currency, item.matterId, 'unbilledWorkMinor', item.amountMinor);
  }
  for (const item of file.expenses.values()) {
    if (item.unbilled) add(item.currency, item.matterId, 'unbilledExpensesMinor', item.amountMinor);
  }
  for (const invoice of file.invoices.values()) {
    const open = openAmount(invoice);
    add(invoice.currency, invoice.matterId, 'openReceivablesMinor', open);
    if (open === 0n) continue;
    const position = currencies.get(invoice.currency)!;
    const daysPastDue = daysBetween(invoice.dueDate, asOf);
    position.aging[agingBucket(daysPastDue)] += open;
    if (daysPastDue > 30) position.pastDueOver30Minor += open;
  }
  for (const held of file.trust.values()) {
    add(held.currency, held.matterId, 'trustHeldMinor', held.heldMinor);
  }
  const withExposure = <P extends ExposureFigures>(position: P): P => ({
    ...position,
    exposureMinor:
      position.unbilledWorkMinor +
      position.unbilledExpensesMinor +
      position.openReceivablesMinor -
      position.trustHeldMinor,
  });
  const byKey = <P>(entries: Map<string, P>) =>
    [...entries].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, position]) => position);
  return {
    currencies: byKey(currencies).map(withExposure),
    matters: byKey(matters).map(withExposure),
  };
}

function longestDaysPastDue(file: CreditFile, asOf: string): number {
  let longest = 0;
  for (const invoice of file.invoices.values()) {
    if (invoice.voided) continue;
    if (invoice.paidOn !== null && within(invoice.paidOn, asOf, YEAR)) {
      longest = Math.max(longest, daysBetween(invoice.dueDate, invoice.paidOn));
    } else if (invoice.paidOn === null && openAmount(invoice) > 0n) {
      longest = Math.max(longest, daysBetween(invoice.dueDate, asOf));
    }
  }
  for (const report of file.overdueReports) {
    if (within(report.date, asOf, YEAR)) longest = Math.max(longest, report.daysPastDue);
  }
  return longest;
}

function sumsByCurrency(amounts: { currency: string | null; amountMinor: bigint }[]) {
  const sums = new Map<string, bigint>();
  for (const { currency, amountMinor } of amounts) {
    if (currency !== null) sums.set(currency, (sums.get(currency) ?? 0n) + amountMinor);
  }
  return [...sums]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, amountMinor]) => ({ currency, amountMinor }));
}

function countWithin(dates: string[], asOf: string, days: number): number {
  return dates.filter((date) => within(date, asOf, days)).length;
}

/**
 * A client's credit features as of a business date, from its facts alone (and, for the share of
 * the firm's receivables, the firm's open receivables per currency). The live profile, the nightly
 * re-assessment, replay and the tests all call this one function.
 */
export function creditFeatures(
  facts: readonly CreditFact[],
  asOf: string,
  firmReceivables: readonly MinorAmount[] = [],
): CreditFeatures {
  const clientId = facts[0]?.clientId ?? '';
  const file = foldCreditFile(clientId, facts, asOf);
  const currency = paymentCurrencyOf(file, asOf);
  const paid = paidInvoices(file, asOf, YEAR, currency);
  const beyond = beyondTerms(paid);
  const toPay: Weighted[] = paid.map((invoice) => ({
    days: daysBetween(invoice.invoiceDate, invoice.paidOn),
    weightMinor: invoice.totalMinor,
  }));
  const meanBeyond = weightedMean(beyond);
  const { currencies, matters } = positionsOf(file, asOf);
  const recent = (amounts: typeof file.writeOffs) =>
    amounts.filter((amount) => within(amount.date, asOf, TWO_YEARS));
  return {
    asOf,
    tenureDays: file.firstSeenOn === null ? null : daysBetween(file.firstSeenOn, asOf),
    paymentCurrency: currency,
    invoicesPaid: paid.length,
    daysToPay: { mean: weightedMean(toPay), p90: weightedP90(toPay) },
    daysBeyondTerms: { mean: meanBeyond, p90: weightedP90(beyond) },
    paymentIndex: meanBeyond === null ? null : paymentIndex(meanBeyond),
    sharePaidLate:
      paid.length === 0
        ? null
        : roundedRatio(
            BigInt(beyond.filter((item) => item.days > 0).length),
            BigInt(paid.length),
            4,
          ),
    longestDaysPastDue: longestDaysPastDue(file, asOf),
    bouncedPayments: recent(file.bounced).length,
    writeOffs: recent(file.writeOffs).length,
    writtenOff: sumsByCurrency(recent(file.writeOffs)),
    creditNotes: recent(file.creditNotes).length,
    credited: sumsByCurrency(recent(file.creditNotes)),
    openDisputes: file.openDisputes.size,
    brokenPromises: countWithin(file.brokenPromises, asOf, YEAR),
    plansDefaulted: countWithin(file.plansDefaulted, asOf, TWO_YEARS),
    agencyHandoffs: countWithin(file.agencyHandoffs, asOf, TWO_YEARS),
    trend: trendOf(file, asOf, currency),
    currencies,
    matters,
    shareOfFirmReceivables: currencies.flatMap((position) => {
      const firm = firmReceivables.find((total) => total.currency === position.currency);
      if (!firm || firm.amountMinor <= 0n) return [];
      return [
        {
          currency: position.currency,
          share: roundedRatio(position.openReceivablesMinor, firm.amountMinor, 4),
        },
      ];
    }),
  };
}
