import type { CreditFeatures } from './features';
import {
  GRADES,
  type Band,
  type CreditFactor,
  type CreditPolicyDocument,
  type Grade,
} from './policy';
import { reasonFor, THIN_FILE_REASON, type CreditReason } from './reasons';
import { oddsForPoints, scoreForOdds } from './scaling';
import { roundedRatio } from './weighted';

export const MAX_REASONS = 4;

/** Limits per currency (minor units) that exposure is measured against. */
export type LimitsByCurrency = ReadonlyMap<string, bigint>;

export interface FactorScore {
  factor: CreditFactor;
  value: number | null;
  points: number;
  maxPoints: number;
}

export interface CreditAssessment {
  thinFile: boolean;
  score: number | null;
  grade: Grade | null;
  factors: FactorScore[];
  reasons: CreditReason[];
}

function percentOf(part: bigint, whole: bigint): number {
  return roundedRatio(part * 100n, whole, 1);
}

function largest(values: number[]): number | null {
  return values.length === 0 ? null : Math.max(...values);
}

/** The value of a factor for a client, from its features and limits. */
export function factorValue(
  factor: CreditFactor,
  features: CreditFeatures,
  limits: LimitsByCurrency,
): number | null {
  switch (factor) {
    case 'PAYMENT_INDEX':
      return features.paymentIndex;
    case 'DAYS_BEYOND_TERMS_P90':
      return features.daysBeyondTerms.p90;
    case 'SHARE_PAID_LATE':
      return features.sharePaidLate === null ? null : Math.round(features.sharePaidLate * 100);
    case 'LONGEST_DAYS_PAST_DUE':
      return features.longestDaysPastDue;
    case 'PAST_DUE_SHARE':
      return (
        largest(
          features.currencies
            .filter((position) => position.openReceivablesMinor > 0n)
            .map((position) =>
              percentOf(position.pastDueOver30Minor, position.openReceivablesMinor),
            ),
        ) ?? 0
      );
    case 'BOUNCED_PAYMENTS':
      return features.bouncedPayments;
    case 'WRITE_OFFS':
      return features.writeOffs;
    case 'CREDIT_NOTES':
      return features.creditNotes;
    case 'OPEN_DISPUTES':
      return features.openDisputes;
    case 'BROKEN_PROMISES':
      return features.brokenPromises;
    case 'PLANS_DEFAULTED':
      return features.plansDefaulted;
    case 'AGENCY_HANDOFFS':
      return features.agencyHandoffs;
    case 'TENURE_DAYS':
      return features.tenureDays;
    case 'LIMIT_UTILISATION':
      return largest(
        features.currencies.flatMap((position) => {
          const limit = limits.get(position.currency);
          return limit === undefined || limit <= 0n
            ? []
            : [percentOf(position.exposureMinor, limit)];
        }),
      );
    case 'TREND_DAYS': {
      const { recentDaysBeyondTerms: recent, priorDaysBeyondTerms: prior } = features.trend;
      return recent === null || prior === null ? null : Math.round((recent - prior) * 100) / 100;
    }
  }
}

function bandOf(bands: Band[], value: number): Band | undefined {
  return bands.find(
    (band) => (band.from === null || value >= band.from) && (band.to === null || value < band.to),
  );
}

export function gradeFor(score: number, cutoffs: CreditPolicyDocument['cutoffs']): Grade {
  return GRADES.find((grade) => grade === 'E' || score >= cutoffs[grade]) ?? 'E';
}

export function isThinFile(features: CreditFeatures, policy: CreditPolicyDocument): boolean {
  return (
    features.invoicesPaid < policy.thinFile.minInvoicesPaid ||
    (features.tenureDays ?? 0) < policy.thinFile.minTenureDays
  );
}

/**
 * Scores a client under a policy: each factor's band points add to the scorecard's points, whose
 * odds the PDO scaling turns into the score; the grade follows the cut-offs. The reasons are the
 * scored factors that cost the most points against their maximum, at most four. A thin file is
 * not graded.
 */
export function assessCredit(
  features: CreditFeatures,
  policy: CreditPolicyDocument,
  limits: LimitsByCurrency = new Map(),
): CreditAssessment {
  const factors = policy.factors.map((rule): FactorScore => {
    const value = factorValue(rule.factor, features, limits);
    const maxPoints = Math.max(rule.missingPoints, ...rule.bands.map((band) => band.points));
    const points =
      value === null
        ? rule.missingPoints
        : (bandOf(rule.bands, value)?.points ?? rule.missingPoints);
    return { factor: rule.factor, value, points, maxPoints };
  });
  if (isThinFile(features, policy)) {
    return { thinFile: true, score: null, grade: null, factors, reasons: [THIN_FILE_REASON] };
  }
  const points = factors.reduce((sum, factor) => sum + factor.points, 0);
  const score = Math.round(scoreForOdds(oddsForPoints(points, policy.scaling), policy.scaling));
  const reasons = factors
    .map((factor, order) => ({ factor, order, cost: factor.maxPoints - factor.points }))
    .filter((entry) => entry.cost > 0)
    .sort((a, b) => b.cost - a.cost || a.order - b.order)
    .slice(0, MAX_REASONS)
    .map(({ factor }) => reasonFor(factor.factor, factor.value));
  return { thinFile: false, score, grade: gradeFor(score, policy.cutoffs), factors, reasons };
}
