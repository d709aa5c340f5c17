/**
 * A credit policy: what the scorecard scores and how, the grades, and what each grade means for
 * limits, retainers and intake. Only payment behaviour and exposure may be factors: the list is
 * closed, so nothing else (a protected attribute, a proxy for one, the practice area) can be.
 */
export const CREDIT_FACTORS = [
  'PAYMENT_INDEX',
  'DAYS_BEYOND_TERMS_P90',
  'SHARE_PAID_LATE',
  'LONGEST_DAYS_PAST_DUE',
  'PAST_DUE_SHARE',
  'BOUNCED_PAYMENTS',
  'WRITE_OFFS',
  'CREDIT_NOTES',
  'OPEN_DISPUTES',
  'BROKEN_PROMISES',
  'PLANS_DEFAULTED',
  'AGENCY_HANDOFFS',
  'TENURE_DAYS',
  'LIMIT_UTILISATION',
  'TREND_DAYS',
] as const;
export type CreditFactor = (typeof CREDIT_FACTORS)[number];

export const GRADES = ['A', 'B', 'C', 'D', 'E'] as const;
export type Grade = (typeof GRADES)[number];

export const INTAKE_OUTCOMES = [
  'APPROVE',
  'APPROVE_WITH_RETAINER',
  'REFER_TO_PARTNER',
  'DECLINE',
] as const;
export type IntakeOutcome = (typeof INTAKE_OUTCOMES)[number];

/** A band of a factor's value: `from` inclusive, `to` exclusive; null is unbounded. */
export interface Band {
  from: number | null;
  to: number | null;
  points: number;
}

export interface FactorRule {
  factor: CreditFactor;
  bands: Band[];
  /** Points when the client has no value for the factor (e.g. no invoice paid yet). */
  missingPoints: number;
}

export interface GradeTerms {
  /** The limit a client of this grade gets unless one is set, per currency (minor units). */
  defaultLimits: { currency: string; amountMinor: bigint }[];
  /** Retainer asked on intake, as a percentage of the estimated fees (0: none). */
  retainerPercent: number;
  /** Evergreen trust minimum asked on intake, as a percentage of the estimated fees. */
  evergreenPercent: number;
}

export interface CreditPolicyDocument {
  factors: FactorRule[];
  /** Points-to-double-the-odds scaling: score0 at odds0, PDO more points per doubling. */
  scaling: { score0: number; odds0: number; pdo: number };
  /** The lowest score of each grade A-D; below D's is E. Strictly descending. */
  cutoffs: { A: number; B: number; C: number; D: number };
  gradeTerms: Record<Grade, GradeTerms>;
  intake: {
    /** Refer to a partner when estimated fees exceed this multiple of headroom. */
    referOverHeadroomMultiple: number;
    /** Decline when estimated fees exceed this multiple of headroom. */
    declineOverHeadroomMultiple: number;
    referGrades: Grade[];
    declineGrades: Grade[];
    /** A retainer percentage at least this high for matters of a practice area (never scored). */
    practiceAreaRetainerPercent: { practiceArea: string; retainerPercent: number }[];
  };
  /** A client at this grade or worse is put on hold (null: grades alone never hold). */
  holdGrade: Grade | null;
  thinFile: {
    minInvoicesPaid: number;
    minTenureDays: number;
    outcome: 'APPROVE_WITH_RETAINER' | 'REFER_TO_PARTNER';
    retainerPercent: number;
    evergreenPercent: number;
    /** The limit a client without enough history gets unless one is set. */
    defaultLimits: { currency: string; amountMinor: bigint }[];
  };
  /** Back within policy once exposure is at or under this percentage of the limit. */
  restoreMarginPercent: number;
}

export interface CreditPolicy extends CreditPolicyDocument {
  version: number;
}

/** Whether grade `a` is `b` or worse (E is the worst). */
export function atOrWorse(a: Grade, b: Grade): boolean {
  return GRADES.indexOf(a) >= GRADES.indexOf(b);
}
