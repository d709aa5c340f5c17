import { applyPpm } from './rounding';
import type { BillingArrangement, InvoiceLineKind } from './types';

export interface UnbilledTime {
  id: string;
  workDate: string;
  timekeeperId: string;
  tenths: number;
  rateMinor: bigint;
  amountMinor: bigint;
  taskCode: string | null;
  activityCode: string | null;
  narrative: string;
}

export interface UnbilledExpense {
  id: string;
  incurredOn: string;
  expenseCode: string;
  description: string;
  quantity: number;
  unitCostMinor: bigint;
  amountMinor: bigint;
}

export interface DraftTerms {
  billingArrangement: BillingArrangement;
  periodEnd: string;
  flatFeeMinor: bigint | null;
  /** A flat fee is charged once per matter: true when a live invoice already carries it. */
  flatFeeAlreadyBilled: boolean;
  contingencyRatePpm: number | null;
  /** The amount recovered for the client, when a contingency fee is to be billed on it. */
  contingencyRecoveryMinor: bigint | null;
  taxRatePpm: number;
}

export interface InvoiceLine {
  kind: InvoiceLineKind;
  lineDate: string;
  description: string;
  unitsTenths: number;
  unitCostMinor: bigint;
  baseMinor: bigint;
  adjustmentMinor: bigint;
  taskCode: string | null;
  activityCode: string | null;
  expenseCode: string | null;
  timekeeperId: string | null;
  timeEntryId: string | null;
  expenseId: string | null;
}

const TAXABLE: ReadonlySet<InvoiceLineKind> = new Set([
  'FEE',
  'EXPENSE',
  'FLAT_FEE',
  'CONTINGENCY_FEE',
]);

/** Work on flat-fee and contingency matters is listed on the invoice but charged at nothing. */
function chargesHourly(arrangement: BillingArrangement): boolean {
  return arrangement === 'HOURLY' || arrangement === 'HYBRID';
}

const noCodes = { taskCode: null, activityCode: null, expenseCode: null };
const noSource = { timekeeperId: null, timeEntryId: null, expenseId: null };

/** The lines of a draft invoice: time, expenses, the flat and contingency fees due, then tax. */
export function buildDraftLines(
  time: readonly UnbilledTime[],
  expenses: readonly UnbilledExpense[],
  terms: DraftTerms,
): InvoiceLine[] {
  const hourly = chargesHourly(terms.billingArrangement);
  const lines: InvoiceLine[] = time.map((entry) => ({
    kind: 'FEE',
    lineDate: entry.workDate,
    description: entry.narrative,
    unitsTenths: entry.tenths,
    unitCostMinor: hourly ? entry.rateMinor : 0n,
    baseMinor: hourly ? entry.amountMinor : 0n,
    adjustmentMinor: 0n,
    taskCode: entry.taskCode,
    activityCode: entry.activityCode,
    expenseCode: null,
    timekeeperId: entry.timekeeperId,
    timeEntryId: entry.id,
    expenseId: null,
  }));
  for (const expense of expenses) {
    lines.push({
      kind: 'EXPENSE',
      lineDate: expense.incurredOn,
      description: expense.description,
      unitsTenths: expense.quantity * 10,
      unitCostMinor: expense.unitCostMinor,
      baseMinor: expense.amountMinor,
      adjustmentMinor: 0n,
      ...noCodes,
      expenseCode: expense.expenseCode,
      ...noSource,
      expenseId: expense.id,
    });
  }
  const flatFee = terms.flatFeeMinor;
  if (
    flatFee !== null &&
    !terms.flatFeeAlreadyBilled &&
    (terms.billingArrangement === 'FLAT_FEE' || terms.billingArrangement === 'HYBRID')
  ) {
    lines.push(oneOffLine('FLAT_FEE', terms.periodEnd, 'Flat fee', flatFee));
  }
  const rate = terms.contingencyRatePpm;
  const recovery = terms.contingencyRecoveryMinor;
  if (rate !== null && recovery !== null && recovery > 0n) {
    lines.push(
      oneOffLine(
        'CONTINGENCY_FEE',
        terms.periodEnd,
        'Contingency fee on the amount recovered',
        applyPpm(recovery, rate),
      ),
    );
  }
  return withTax(lines, terms.taxRatePpm, terms.periodEnd);
}

export function oneOffLine(
  kind: InvoiceLineKind,
  lineDate: string,
  description: string,
  amountMinor: bigint,
): InvoiceLine {
  return {
    kind,
    lineDate,
    description,
    unitsTenths: 10,
    unitCostMinor: amountMinor,
    baseMinor: amountMinor,
    adjustmentMinor: 0n,
    ...noCodes,
    ...noSource,
  };
}

export function lineAmount(line: Pick<InvoiceLine, 'baseMinor' | 'adjustmentMinor'>): bigint {
  return line.baseMinor + line.adjustmentMinor;
}

/** Replaces the tax line: the matter's rate on the taxable lines (fees and expenses, adjusted). */
export function withTax(
  lines: readonly InvoiceLine[],
  taxRatePpm: number,
  lineDate: string,
): InvoiceLine[] {
  const untaxed = lines.filter((line) => line.kind !== 'TAX');
  if (taxRatePpm === 0) return untaxed;
  const taxable = untaxed
    .filter((line) => TAXABLE.has(line.kind))
    .reduce((sum, line) => sum + lineAmount(line), 0n);
  const tax = applyPpm(taxable, taxRatePpm);
  if (tax === 0n) return untaxed;
  return [...untaxed, { ...oneOffLine('TAX', lineDate, 'Tax', tax), unitCostMinor: tax }];
}

export function invoiceTotal(lines: readonly Pick<InvoiceLine, 'baseMinor' | 'adjustmentMinor'>[]) {
  return lines.reduce((sum, line) => sum + lineAmount(line), 0n);
}

/** What the client's invoice summary event carries: totals by kind of line. */
export function linesSummary(
  lines: readonly Pick<InvoiceLine, 'kind' | 'baseMinor' | 'adjustmentMinor'>[],
) {
  const byKind = (kinds: InvoiceLineKind[]) =>
    lines.filter((line) => kinds.includes(line.kind)).reduce((sum, l) => sum + lineAmount(l), 0n);
  return {
    lineCount: lines.length,
    feesMinor: byKind(['FEE', 'FLAT_FEE', 'CONTINGENCY_FEE']),
    expensesMinor: byKind(['EXPENSE']),
    taxMinor: byKind(['TAX']),
    lateFeesMinor: byKind(['LATE_FEE']),
    adjustmentsMinor: lines.reduce((sum, line) => sum + line.adjustmentMinor, 0n),
  };
}
