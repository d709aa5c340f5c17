/**
 * A client's credit file is a list of facts, each taken from one event (an event may give several,
 * told apart by `seq`). Facts are only ever appended: a profile is a fold over them, so it can be
 * recomputed as of any business date, or from what was recorded up to any instant.
 */
export const FACT_KINDS = [
  'CLIENT_OPENED',
  'MATTER_OPENED',
  'WORK_RECORDED',
  'WORK_REMOVED',
  'WORK_BILLED',
  'WORK_RETURNED',
  'EXPENSE_RECORDED',
  'EXPENSE_REMOVED',
  'EXPENSE_BILLED',
  'EXPENSE_RETURNED',
  'INVOICE_ISSUED',
  'INVOICE_VOIDED',
  'INVOICE_PAID',
  'INVOICE_OVERDUE',
  'LATE_FEE',
  'CREDIT_NOTE',
  'WRITE_OFF',
  'PAYMENT_APPLIED',
  'PAYMENT_REOPENED',
  'PAYMENT_BOUNCED',
  'TRUST_IN',
  'TRUST_OUT',
  'DISPUTE_OPENED',
  'DISPUTE_RESOLVED',
  'PROMISE_BROKEN',
  'PLAN_DEFAULTED',
  'AGENCY_HANDOFF',
] as const;

export type FactKind = (typeof FACT_KINDS)[number];

export interface CreditFact {
  /** The event the fact came from, and its place among that event's facts. */
  eventId: string;
  seq: number;
  clientId: string;
  kind: FactKind;
  matterId: string | null;
  /** What the fact is about: an invoice, time entry, expense, payment or dispute id. */
  ref: string | null;
  /** Minor units of `currency`; 0 for facts without an amount. */
  amountMinor: bigint;
  currency: string | null;
  /** The business date the fact happened on (invoice date, payment date, work date...). */
  businessDate: string;
  /** INVOICE_ISSUED and INVOICE_PAID: the invoice's due date. */
  dueDate: string | null;
  /** A count of days: INVOICE_PAID days to pay, INVOICE_OVERDUE days past due, MATTER_OPENED terms. */
  days: number | null;
  /** When the event happened (its envelope time, ISO 8601): the order the fold applies facts in. */
  occurredAt: string;
  /** When this service recorded the fact (ISO 8601): replay reads facts recorded up to a decision. */
  recordedAt: string;
}

/** The fold's order: when the events happened, then their ids, so any delivery order folds alike. */
export function compareFacts(a: CreditFact, b: CreditFact): number {
  if (a.occurredAt !== b.occurredAt) return a.occurredAt < b.occurredAt ? -1 : 1;
  if (a.eventId !== b.eventId) return a.eventId < b.eventId ? -1 : 1;
  return a.seq - b.seq;
}
