import { addDays, daysBetween } from '@lexfin/platform/business-dates';
import { divideHalfUp } from './rounding';
import type { LateFeeKind } from './types';

export interface LateFeePolicy {
  kind: LateFeeKind;
  annualRatePpm: number;
  flatMinor: bigint;
  graceDays: number;
}

export interface OverdueInvoice {
  dueDate: string;
  openMinor: bigint;
  /** Late fees already on the invoice: they never earn interest themselves. */
  lateFeesMinor: bigint;
  /** The last day a late fee covered; null when none was assessed yet. */
  assessedThrough: string | null;
}

export interface LateFee {
  amountMinor: bigint;
  principalMinor: bigint;
  /** Interest runs from this date (exclusive) through `through` (inclusive). */
  from: string;
  through: string;
}

/** Interest is assessed at most once per this many days, so an invoice is not charged daily. */
export const INTEREST_PERIOD_DAYS = 30;
const DAYS_PER_YEAR = 365n;

/**
 * The late fee due on `today`, if any. Nothing within the grace days after the due date. A flat
 * fee is charged once per invoice. Simple interest runs from the due date on the open principal
 * (the open amount less all late fees, so it never compounds), billed every 30 days.
 */
export function assessLateFee(
  policy: LateFeePolicy,
  invoice: OverdueInvoice,
  today: string,
): LateFee | undefined {
  if (policy.kind === 'NONE') return undefined;
  if (daysBetween(invoice.dueDate, today) <= policy.graceDays) return undefined;
  const principal = invoice.openMinor - invoice.lateFeesMinor;
  if (principal <= 0n) return undefined;
  const from = invoice.assessedThrough ?? invoice.dueDate;
  if (policy.kind === 'FLAT') {
    if (invoice.assessedThrough !== null || policy.flatMinor === 0n) return undefined;
    return { amountMinor: policy.flatMinor, principalMinor: principal, from, through: today };
  }
  const days = daysBetween(from, today);
  if (invoice.assessedThrough !== null && days < INTEREST_PERIOD_DAYS) return undefined;
  const amount = divideHalfUp(
    principal * BigInt(policy.annualRatePpm) * BigInt(days),
    DAYS_PER_YEAR * 1_000_000n,
  );
  if (amount <= 0n) return undefined;
  return { amountMinor: amount, principalMinor: principal, from, through: today };
}

/** Whether the daily job should report the invoice overdue today (once, the day after due). */
export function isNewlyOverdue(dueDate: string, reportedOn: string | null, today: string): boolean {
  return reportedOn === null && today >= addDays(dueDate, 1);
}
