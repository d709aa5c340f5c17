import { allocateMinor, splitEvenly } from '@lexfin/money';
import { addDays } from './calendar';

/**
 * What a client agreed with the firm (a promise to pay, a payment plan) and what it contests (a
 * dispute), as facts; whether a promise is kept or a plan is in default is derived from billing's
 * payments and the date, never stored as a flag that could stick.
 */

/** Money into an invoice on a date: a payment or applied credit; a reversal is negative. */
export interface PaymentFacts {
  invoiceId: string;
  on: string;
  paidMinor: bigint;
}

export interface PromiseFacts {
  promiseId: string;
  invoiceIds: string[];
  amountMinor: bigint;
  /** The client's local date the promise was made: payments from then count. */
  madeOn: string;
  payBy: string;
}

export interface InstalmentFacts {
  dueOn: string;
  amountMinor: bigint;
}

/** An accepted plan (a proposal has no effect until an agent accepts it). */
export interface PlanFacts {
  planId: string;
  invoiceIds: string[];
  startedOn: string;
  graceDays: number;
  instalments: InstalmentFacts[];
  /** The instalments (by position) whose reminder went or is on its way. */
  remindedSeqs: number[];
}

/** An open dispute: dunning stops on its amount only. */
export interface DisputeFacts {
  disputeId: string;
  invoiceId: string;
  amountMinor: bigint;
  /** The local date its owner is to decide it by. */
  deadline: string;
  /** Its owner was reminded of the deadline. */
  ownerReminded: boolean;
}

export type PromiseOutcome = 'OPEN' | 'KEPT' | 'BROKEN';
export type PlanOutcome = 'ACTIVE' | 'DEFAULTED' | 'COMPLETED';

/** Paid into the invoices from `from` to `to` (inclusive). */
export function paidBetween(
  payments: readonly PaymentFacts[],
  invoiceIds: readonly string[],
  from: string,
  to: string,
): bigint {
  return payments
    .filter((p) => invoiceIds.includes(p.invoiceId) && p.on >= from && p.on <= to)
    .reduce((sum, p) => sum + p.paidMinor, 0n);
}

/** Kept once payments reach the amount by the pay-by date; broken the day after if they did not. */
export function promiseOutcome(
  promise: PromiseFacts,
  payments: readonly PaymentFacts[],
  today: string,
): PromiseOutcome {
  const paid = paidBetween(payments, promise.invoiceIds, promise.madeOn, promise.payBy);
  if (paid >= promise.amountMinor) return 'KEPT';
  return today > promise.payBy ? 'BROKEN' : 'OPEN';
}

export interface InstalmentProgress extends InstalmentFacts {
  paidMinor: bigint;
}

export interface PlanProgress {
  outcome: PlanOutcome;
  instalments: InstalmentProgress[];
  /** The instalment whose grace ran out unpaid, when the plan is in default. */
  missedDueOn: string | null;
}

/**
 * Payments since the plan started are applied to its instalments in order. Complete when they
 * cover the total; in default when an instalment is short after its due date plus the grace days.
 */
export function planProgress(
  plan: PlanFacts,
  payments: readonly PaymentFacts[],
  today: string,
): PlanProgress {
  let left = paidBetween(payments, plan.invoiceIds, plan.startedOn, '9999-12-31');
  const instalments = plan.instalments.map((instalment) => {
    const paidMinor =
      left >= instalment.amountMinor ? instalment.amountMinor : left > 0n ? left : 0n;
    left -= paidMinor;
    return { ...instalment, paidMinor };
  });
  if (instalments.every((i) => i.paidMinor >= i.amountMinor)) {
    return { outcome: 'COMPLETED', instalments, missedDueOn: null };
  }
  const missed = instalments.find(
    (i) => i.paidMinor < i.amountMinor && addDays(i.dueOn, plan.graceDays) < today,
  );
  return {
    outcome: missed === undefined ? 'ACTIVE' : 'DEFAULTED',
    instalments,
    missedDueOn: missed?.dueOn ?? null,
  };
}

export type PlanFrequency = 'WEEKLY' | 'FORTNIGHTLY' | 'MONTHLY';

function shiftMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/**
 * A total split into `count` instalments by largest-remainder allocation (earlier instalments
 * carry the extra minor units), due every week, fortnight or month from the first date (a month
 * end stays the month's last day).
 */
export function scheduleInstalments(
  totalMinor: bigint,
  count: number,
  frequency: PlanFrequency,
  firstDueOn: string,
): InstalmentFacts[] {
  return splitEvenly(totalMinor, count).map((amountMinor, index) => ({
    amountMinor,
    dueOn:
      frequency === 'MONTHLY'
        ? shiftMonths(firstDueOn, index)
        : addDays(firstDueOn, index * (frequency === 'WEEKLY' ? 7 : 14)),
  }));
}

/** Spreads an amount over invoices in proportion to what is open on each (largest remainder). */
export function spreadOver(amountMinor: bigint, openMinors: readonly bigint[]): bigint[] {
  return allocateMinor(amountMinor, openMinors);
}

/** Reg B treats a plan with interest or more than four instalments as credit (DOMAIN.md). */
export function planIsCredit(instalmentCount: number, interestMinor: bigint): boolean {
  return interestMinor > 0n || instalmentCount > 4;
}

/** The invoices an open promise or an active plan holds the ladder for. */
export function heldByArrangement(
  promises: readonly PromiseFacts[],
  plans: readonly PlanFacts[],
  payments: readonly PaymentFacts[],
  today: string,
): Set<string> {
  const held = new Set<string>();
  for (const promise of promises) {
    if (promiseOutcome(promise, payments, today) === 'OPEN') {
      promise.invoiceIds.forEach((id) => held.add(id));
    }
  }
  for (const plan of plans) {
    if (planProgress(plan, payments, today).outcome === 'ACTIVE') {
      plan.invoiceIds.forEach((id) => held.add(id));
    }
  }
  return held;
}

/** A dispute decided for the client (UPHELD, or PARTIAL for what it credits): billing credits. */
export interface AwaitedCreditFacts {
  disputeId: string;
  invoiceId: string;
  creditMinor: bigint;
  /** The firm's business date of the decision: billing's credit note is dated then or later. */
  decidedOn: string;
}

/** A credit note billing issued on an invoice, as the replica recorded it. */
export interface CreditNoteFacts {
  invoiceId: string;
  on: string;
  creditedMinor: bigint;
}

function addTo(map: Map<string, bigint>, key: string, minor: bigint) {
  map.set(key, (map.get(key) ?? 0n) + minor);
}

/**
 * What each invoice has kept out of dunning: its open disputes, and what a dispute decided for
 * the client is to have credited until billing's credit notes on the invoice since the first
 * such decision cover it (until then the amount would otherwise be dunned again). Derived from
 * the facts each time: once the credit notes arrive, nothing is kept out; once the invoice is
 * settled, nothing is dunned anyway.
 */
export function disputedByInvoice(
  disputes: readonly DisputeFacts[],
  awaitedCredits: readonly AwaitedCreditFacts[],
  creditNotes: readonly CreditNoteFacts[],
): Map<string, bigint> {
  const disputed = new Map<string, bigint>();
  for (const dispute of disputes) addTo(disputed, dispute.invoiceId, dispute.amountMinor);
  const awaited = new Map<string, bigint>();
  const since = new Map<string, string>();
  for (const credit of awaitedCredits) {
    addTo(awaited, credit.invoiceId, credit.creditMinor);
    const first = since.get(credit.invoiceId);
    if (first === undefined || credit.decidedOn < first) {
      since.set(credit.invoiceId, credit.decidedOn);
    }
  }
  for (const [invoiceId, creditMinor] of awaited) {
    const seen = creditNotes
      .filter((note) => note.invoiceId === invoiceId && note.on >= since.get(invoiceId)!)
      .reduce((sum, note) => sum + note.creditedMinor, 0n);
    if (creditMinor > seen) addTo(disputed, invoiceId, creditMinor - seen);
  }
  return disputed;
}
