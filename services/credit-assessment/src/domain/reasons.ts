import type { CreditFactor } from './policy';

/** A reason behind a grade: a factor that cost points, told to the firm and to the client. */
export interface CreditReason {
  code: string;
  /** A sentence for the firm's people. */
  text: string;
  /** A plain sentence the firm could send the client (Reg B style: specific, no jargon). */
  clientText: string;
  /** The value behind it, as shown in `text`. */
  value: string;
}

interface ReasonWording {
  code: string;
  text: (value: string) => string;
  clientText: string;
}

const WORDING: Record<CreditFactor, ReasonWording> = {
  PAYMENT_INDEX: {
    code: 'SLOW_PAYMENT',
    text: (value) => `Payment index ${value} (dollar-weighted days beyond terms, last 12 months)`,
    clientText: 'Invoices have been paid later than the agreed payment terms.',
  },
  DAYS_BEYOND_TERMS_P90: {
    code: 'LATE_PAYMENTS_P90',
    text: (value) => `90% of invoiced value was paid within ${value} days beyond terms`,
    clientText: 'Some invoices have been paid well after their due date.',
  },
  SHARE_PAID_LATE: {
    code: 'SHARE_PAID_LATE',
    text: (value) => `${value}% of invoices paid in the last 12 months were paid late`,
    clientText: 'Many invoices have been paid after their due date.',
  },
  LONGEST_DAYS_PAST_DUE: {
    code: 'LONG_PAST_DUE',
    text: (value) => `An invoice was ${value} days past due in the last 12 months`,
    clientText: 'An invoice has been significantly past due.',
  },
  PAST_DUE_SHARE: {
    code: 'RECEIVABLES_PAST_DUE',
    text: (value) => `${value}% of open receivables are more than 30 days past due`,
    clientText: 'A large part of the balance owed is past due.',
  },
  BOUNCED_PAYMENTS: {
    code: 'BOUNCED_PAYMENTS',
    text: (value) => `${value} payments bounced or were charged back in 24 months`,
    clientText: 'Payments have been returned unpaid by the bank.',
  },
  WRITE_OFFS: {
    code: 'WRITE_OFFS',
    text: (value) => `${value} invoices had amounts written off in 24 months`,
    clientText: 'Amounts billed have had to be written off as unpaid.',
  },
  CREDIT_NOTES: {
    code: 'CREDIT_NOTES',
    text: (value) => `${value} credit notes were issued in 24 months`,
    clientText: 'Invoices have had to be reduced after they were issued.',
  },
  OPEN_DISPUTES: {
    code: 'OPEN_DISPUTES',
    text: (value) => `${value} invoice disputes are open`,
    clientText: 'There are invoices under dispute.',
  },
  BROKEN_PROMISES: {
    code: 'BROKEN_PROMISES',
    text: (value) => `${value} payment promises were broken in 12 months`,
    clientText: 'Agreed payment dates have not been kept.',
  },
  PLANS_DEFAULTED: {
    code: 'PLANS_DEFAULTED',
    text: (value) => `${value} payment plans defaulted in 24 months`,
    clientText: 'A payment plan was not kept up.',
  },
  AGENCY_HANDOFFS: {
    code: 'AGENCY_HANDOFFS',
    text: (value) => `${value} accounts were placed with a collection agency in 24 months`,
    clientText: 'An account has been placed with a collection agency.',
  },
  TENURE_DAYS: {
    code: 'SHORT_RELATIONSHIP',
    text: (value) => `Client for ${value} days`,
    clientText: 'The working relationship is still short.',
  },
  LIMIT_UTILISATION: {
    code: 'HIGH_UTILISATION',
    text: (value) => `Exposure is ${value}% of the credit limit`,
    clientText: 'The amount owed and work in progress are high against the agreed limit.',
  },
  TREND_DAYS: {
    code: 'WORSENING_TREND',
    text: (value) =>
      `Days beyond terms changed by ${value} in the last 90 days against the year before`,
    clientText: 'Payments have recently become slower.',
  },
};

export function reasonFor(factor: CreditFactor, value: number | null): CreditReason {
  const wording = WORDING[factor];
  const shown = value === null ? 'none' : String(value);
  return {
    code: wording.code,
    text: wording.text(shown),
    clientText: wording.clientText,
    value: shown,
  };
}

/** The one reason a thin file gets: it is not graded on noise. */
export const THIN_FILE_REASON: CreditReason = {
  code: 'INSUFFICIENT_HISTORY',
  text: 'Insufficient payment history to grade',
  clientText: 'There is insufficient payment history to assess.',
  value: 'thin file',
};
