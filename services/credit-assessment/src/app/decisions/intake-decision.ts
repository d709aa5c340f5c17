import type { CreditFeatures, MinorAmount } from '../../domain/features';
import { decideIntake, type IntakeDecision, type IntakeRequest } from '../../domain/intake';
import { effectiveLimits } from '../../domain/limits';
import type { CreditPolicy, Grade } from '../../domain/policy';
import type { CreditReason } from '../../domain/reasons';
import { assessCredit } from '../../domain/scorecard';

/** What an intake decision stores beside its inputs and features, and what replay recomputes. */
export interface IntakeResult extends IntakeDecision {
  score: number | null;
  grade: Grade | null;
  thinFile: boolean;
  reasons: CreditReason[];
  policyVersion: number;
  headroom: MinorAmount | null;
}

/**
 * An intake decision from a client's features (none for a prospective client: a thin file) and
 * limits, under a policy. Pure, so replay reaches the same answer from the same facts.
 */
export function intakeResult(
  request: IntakeRequest,
  features: CreditFeatures | null,
  setLimits: ReadonlyMap<string, bigint>,
  policy: CreditPolicy,
): IntakeResult {
  const currency = request.estimatedFees.currency;
  const assessment = features ? assessCredit(features, policy, setLimits) : null;
  const grade = assessment?.grade ?? null;
  const thinFile = assessment?.thinFile ?? true;
  const limit = effectiveLimits(policy, grade, setLimits).get(currency);
  const exposure =
    features?.currencies.find((position) => position.currency === currency)?.exposureMinor ?? 0n;
  const headroomMinor = limit === undefined ? null : limit - exposure;
  const decision = decideIntake(request, { grade, thinFile, headroomMinor }, policy);
  return {
    ...decision,
    score: assessment?.score ?? null,
    grade,
    thinFile,
    reasons: assessment?.reasons ?? [],
    policyVersion: policy.version,
    headroom: headroomMinor === null ? null : { currency, amountMinor: headroomMinor },
  };
}
