import { AGING_BUCKETS, type CreditFeatures, type CurrencyPosition } from '../../domain/features';
import type { CreditReason } from '../../domain/reasons';
import type { CreditAssessment } from '../../domain/scorecard';
import { moneyOf, type MoneyView } from '../money-view';

export interface ExposureView {
  currency: string;
  unbilledWork: MoneyView;
  unbilledExpenses: MoneyView;
  openReceivables: MoneyView;
  trustHeld: MoneyView;
  /** Unbilled work + unbilled expenses + open receivables - trust held. */
  total: MoneyView;
  limit: MoneyView | null;
  headroom: MoneyView | null;
  aging: { bucket: string; amount: MoneyView }[];
}

export interface HoldView {
  breachId: string;
  currency: string;
  cause: string;
}

export interface CreditProfileView {
  clientId: string;
  asOf: string;
  policyVersion: number;
  score: number | null;
  grade: string | null;
  thinFile: boolean;
  paymentIndex: number | null;
  reasons: CreditReason[];
  exposure: ExposureView[];
  onHold: boolean;
  holds: HoldView[];
  features: CreditFeatures;
}

export function exposureView(position: CurrencyPosition, limitMinor: bigint | null): ExposureView {
  const money = (amount: bigint) => moneyOf(amount, position.currency);
  return {
    currency: position.currency,
    unbilledWork: money(position.unbilledWorkMinor),
    unbilledExpenses: money(position.unbilledExpensesMinor),
    openReceivables: money(position.openReceivablesMinor),
    trustHeld: money(position.trustHeldMinor),
    total: money(position.exposureMinor),
    limit: limitMinor === null ? null : money(limitMinor),
    headroom: limitMinor === null ? null : money(limitMinor - position.exposureMinor),
    aging: AGING_BUCKETS.map((bucket) => ({ bucket, amount: money(position.aging[bucket]) })),
  };
}

export function profileView(
  clientId: string,
  policyVersion: number,
  features: CreditFeatures,
  assessment: CreditAssessment,
  limits: ReadonlyMap<string, bigint>,
  holds: HoldView[],
): CreditProfileView {
  return {
    clientId,
    asOf: features.asOf,
    policyVersion,
    score: assessment.score,
    grade: assessment.grade,
    thinFile: assessment.thinFile,
    paymentIndex: features.paymentIndex,
    reasons: assessment.reasons,
    exposure: features.currencies.map((position) =>
      exposureView(position, limits.get(position.currency) ?? null),
    ),
    onHold: holds.length > 0,
    holds,
    features,
  };
}
