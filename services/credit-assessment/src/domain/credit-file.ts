import { compareFacts, type CreditFact } from './facts';

/** An invoice as the credit file knows it. */
export interface FiledInvoice {
  invoiceId: string;
  matterId: string | null;
  currency: string;
  totalMinor: bigint;
  invoiceDate: string;
  dueDate: string;
  lateFeesMinor: bigint;
  /** Payments and client credit applied, net of reversals. */
  paidMinor: bigint;
  creditedMinor: bigint;
  writtenOffMinor: bigint;
  voided: boolean;
  /** The day a payment settled it, until a reversal reopens it. */
  paidOn: string | null;
}

/** Unbilled work or an expense: its current amount, until billed or removed. */
export interface UnbilledItem {
  matterId: string | null;
  currency: string;
  amountMinor: bigint;
  unbilled: boolean;
}

export interface TrustPosition {
  matterId: string | null;
  currency: string;
  heldMinor: bigint;
}

export interface DatedAmount {
  date: string;
  currency: string | null;
  amountMinor: bigint;
}

/** The state a client's facts fold to, before any feature is derived from it. */
export interface CreditFile {
  clientId: string;
  firstSeenOn: string | null;
  homeCurrency: string | null;
  invoices: Map<string, FiledInvoice>;
  work: Map<string, UnbilledItem>;
  expenses: Map<string, UnbilledItem>;
  /** Keyed by currency and matter ('' for the client's own ledger). */
  trust: Map<string, TrustPosition>;
  overdueReports: { date: string; daysPastDue: number }[];
  bounced: DatedAmount[];
  writeOffs: DatedAmount[];
  creditNotes: DatedAmount[];
  openDisputes: Set<string>;
  brokenPromises: string[];
  plansDefaulted: string[];
  agencyHandoffs: string[];
}

function unbilled(fact: CreditFact): UnbilledItem {
  return {
    matterId: fact.matterId,
    currency: fact.currency ?? '',
    amountMinor: fact.amountMinor,
    unbilled: true,
  };
}

function dated(fact: CreditFact): DatedAmount {
  return { date: fact.businessDate, currency: fact.currency, amountMinor: fact.amountMinor };
}

function adjustTrust(file: CreditFile, fact: CreditFact, sign: 1n | -1n) {
  const currency = fact.currency ?? '';
  const key = `${currency}/${fact.matterId ?? ''}`;
  const position = file.trust.get(key) ?? { matterId: fact.matterId, currency, heldMinor: 0n };
  position.heldMinor += sign * fact.amountMinor;
  file.trust.set(key, position);
}

type Apply = (file: CreditFile, fact: CreditFact) => void;

function onInvoice(change: (invoice: FiledInvoice, fact: CreditFact) => void): Apply {
  return (file, fact) => {
    const invoice = fact.ref === null ? undefined : file.invoices.get(fact.ref);
    if (invoice) change(invoice, fact);
  };
}

function billed(items: 'work' | 'expenses', isUnbilled: boolean): Apply {
  return (file, fact) => {
    const item = fact.ref === null ? undefined : file[items].get(fact.ref);
    if (!item) return;
    item.unbilled = isUnbilled;
    if (isUnbilled) item.amountMinor = fact.amountMinor;
  };
}

const APPLY: Record<CreditFact['kind'], Apply> = {
  CLIENT_OPENED: (file, fact) => {
    file.homeCurrency = fact.currency;
  },
  MATTER_OPENED: () => undefined,
  WORK_RECORDED: (file, fact) => void file.work.set(fact.ref!, unbilled(fact)),
  WORK_REMOVED: (file, fact) => void file.work.delete(fact.ref!),
  WORK_BILLED: billed('work', false),
  WORK_RETURNED: billed('work', true),
  EXPENSE_RECORDED: (file, fact) => void file.expenses.set(fact.ref!, unbilled(fact)),
  EXPENSE_REMOVED: (file, fact) => void file.expenses.delete(fact.ref!),
  EXPENSE_BILLED: billed('expenses', false),
  EXPENSE_RETURNED: billed('expenses', true),
  INVOICE_ISSUED: (file, fact) =>
    void file.invoices.set(fact.ref!, {
      invoiceId: fact.ref!,
      matterId: fact.matterId,
      currency: fact.currency ?? '',
      totalMinor: fact.amountMinor,
      invoiceDate: fact.businessDate,
      dueDate: fact.dueDate ?? fact.businessDate,
      lateFeesMinor: 0n,
      paidMinor: 0n,
      creditedMinor: 0n,
      writtenOffMinor: 0n,
      voided: false,
      paidOn: null,
    }),
  INVOICE_VOIDED: onInvoice((invoice) => {
    invoice.voided = true;
  }),
  INVOICE_PAID: onInvoice((invoice, fact) => {
    invoice.paidOn = fact.businessDate;
  }),
  INVOICE_OVERDUE: (file, fact) =>
    void file.overdueReports.push({ date: fact.businessDate, daysPastDue: fact.days ?? 0 }),
  LATE_FEE: onInvoice((invoice, fact) => {
    invoice.lateFeesMinor += fact.amountMinor;
  }),
  CREDIT_NOTE: (file, fact) => {
    file.creditNotes.push(dated(fact));
    onInvoice((invoice) => {
      invoice.creditedMinor += fact.amountMinor;
    })(file, fact);
  },
  WRITE_OFF: (file, fact) => {
    file.writeOffs.push(dated(fact));
    onInvoice((invoice) => {
      invoice.writtenOffMinor += fact.amountMinor;
    })(file, fact);
  },
  PAYMENT_APPLIED: onInvoice((invoice, fact) => {
    invoice.paidMinor += fact.amountMinor;
  }),
  PAYMENT_REOPENED: onInvoice((invoice, fact) => {
    invoice.paidMinor -= fact.amountMinor;
    invoice.paidOn = null;
  }),
  PAYMENT_BOUNCED: (file, fact) => void file.bounced.push(dated(fact)),
  TRUST_IN: (file, fact) => adjustTrust(file, fact, 1n),
  TRUST_OUT: (file, fact) => adjustTrust(file, fact, -1n),
  DISPUTE_OPENED: (file, fact) => void file.openDisputes.add(fact.ref ?? fact.eventId),
  DISPUTE_RESOLVED: (file, fact) => void file.openDisputes.delete(fact.ref ?? fact.eventId),
  PROMISE_BROKEN: (file, fact) => void file.brokenPromises.push(fact.businessDate),
  PLAN_DEFAULTED: (file, fact) => void file.plansDefaulted.push(fact.businessDate),
  AGENCY_HANDOFF: (file, fact) => void file.agencyHandoffs.push(fact.businessDate),
};

/**
 * Folds one client's facts dated on or before `asOf`, in the order their events happened, so the
 * same facts give the same file whatever order they were delivered in.
 */
export function foldCreditFile(
  clientId: string,
  facts: readonly CreditFact[],
  asOf: string,
): CreditFile {
  const file: CreditFile = {
    clientId,
    firstSeenOn: null,
    homeCurrency: null,
    invoices: new Map(),
    work: new Map(),
    expenses: new Map(),
    trust: new Map(),
    overdueReports: [],
    bounced: [],
    writeOffs: [],
    creditNotes: [],
    openDisputes: new Set(),
    brokenPromises: [],
    plansDefaulted: [],
    agencyHandoffs: [],
  };
  const dueFacts = facts.filter((fact) => fact.businessDate <= asOf).sort(compareFacts);
  for (const fact of dueFacts) {
    if (file.firstSeenOn === null || fact.businessDate < file.firstSeenOn) {
      file.firstSeenOn = fact.businessDate;
    }
    APPLY[fact.kind](file, fact);
  }
  return file;
}

/** What is still owed on an invoice (nothing once voided). */
export function openAmount(invoice: FiledInvoice): bigint {
  if (invoice.voided) return 0n;
  return (
    invoice.totalMinor +
    invoice.lateFeesMinor -
    invoice.paidMinor -
    invoice.creditedMinor -
    invoice.writtenOffMinor
  );
}
