import type { Band, CreditFactor, CreditPolicyDocument, FactorRule, GradeTerms } from './policy';

/** Bands from cut points: `cuts[i]` starts band i+1; the first is open below, the last above. */
function banded(
  factor: CreditFactor,
  cuts: number[],
  points: number[],
  missingPoints = 0,
): FactorRule {
  const bands: Band[] = points.map((value, i) => ({
    from: i === 0 ? null : cuts[i - 1]!,
    to: i === cuts.length ? null : cuts[i]!,
    points: value,
  }));
  return { factor, bands, missingPoints };
}

const LIMIT_CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD'];

function terms(limitMajor: bigint, retainerPercent: number, evergreenPercent: number): GradeTerms {
  return {
    defaultLimits: LIMIT_CURRENCIES.map((currency) => ({
      currency,
      amountMinor: limitMajor * 100n,
    })),
    retainerPercent,
    evergreenPercent,
  };
}

/**
 * The policy a firm starts with (version 1): payment behaviour and exposure only, 600 points at
 * 50:1 odds, 20 points to double them; a best-behaved client of a year scores about 675 (A).
 */
export const DEFAULT_CREDIT_POLICY: CreditPolicyDocument = {
  factors: [
    banded('PAYMENT_INDEX', [40, 50, 70, 80], [-60, -40, -20, 0, 20]),
    banded('DAYS_BEYOND_TERMS_P90', [1, 31, 61], [10, 0, -20, -40]),
    banded('LONGEST_DAYS_PAST_DUE', [31, 61, 91], [10, 0, -20, -40]),
    banded('PAST_DUE_SHARE', [10, 30, 60], [10, 0, -20, -40]),
    banded('BOUNCED_PAYMENTS', [1, 2], [5, -15, -30]),
    banded('WRITE_OFFS', [1, 2], [5, -10, -25]),
    banded('OPEN_DISPUTES', [1], [0, -15]),
    banded('BROKEN_PROMISES', [1, 2], [5, -10, -25]),
    banded('PLANS_DEFAULTED', [1], [0, -30]),
    banded('AGENCY_HANDOFFS', [1], [0, -50]),
    banded('TENURE_DAYS', [365, 1095], [0, 5, 10]),
    banded('TREND_DAYS', [5, 15], [5, 0, -15]),
  ],
  scaling: { score0: 600, odds0: 50, pdo: 20 },
  cutoffs: { A: 640, B: 610, C: 580, D: 550 },
  gradeTerms: {
    A: terms(250_000n, 0, 0),
    B: terms(150_000n, 0, 0),
    C: terms(75_000n, 10, 0),
    D: terms(25_000n, 25, 10),
    E: terms(0n, 50, 20),
  },
  intake: {
    referOverHeadroomMultiple: 1,
    declineOverHeadroomMultiple: 3,
    referGrades: ['D'],
    declineGrades: ['E'],
    practiceAreaRetainerPercent: [],
  },
  holdGrade: 'E',
  thinFile: {
    minInvoicesPaid: 3,
    minTenureDays: 90,
    outcome: 'APPROVE_WITH_RETAINER',
    retainerPercent: 25,
    evergreenPercent: 10,
    defaultLimits: terms(25_000n, 0, 0).defaultLimits,
  },
  restoreMarginPercent: 90,
};
