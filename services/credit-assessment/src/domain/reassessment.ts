import type { CreditFact } from './facts';
import { creditFeatures, type CreditFeatures } from './features';
import { checkLimits, effectiveLimits, type Breach, type Restore } from './limits';
import type { CreditPolicy, Grade } from './policy';
import { assessCredit, type CreditAssessment } from './scorecard';

export interface ReassessmentInput {
  clientId: string;
  facts: readonly CreditFact[];
  asOf: string;
  policy: CreditPolicy;
  /** Limits set for the client, per currency. */
  setLimits: ReadonlyMap<string, bigint>;
  /** The grade the stored profile has; undefined when there is no profile yet. */
  previousGrade: Grade | null | undefined;
  openBreaches: ReadonlyMap<string, string>;
}

export interface Reassessment {
  features: CreditFeatures;
  assessment: CreditAssessment;
  limits: Map<string, bigint>;
  gradeChange: { previousGrade: Grade | null; grade: Grade | null } | null;
  breaches: Breach[];
  restores: Restore[];
}

/**
 * One client re-assessed: features from its facts, score and grade under the policy, the limits
 * that apply, and what changed that others must hear of (grade, breaches, restores).
 */
export function reassess(input: ReassessmentInput): Reassessment {
  const features = creditFeatures(input.facts, input.asOf);
  const assessment = assessCredit(features, input.policy, input.setLimits);
  const limits = effectiveLimits(input.policy, assessment.grade, input.setLimits);
  const previous = input.previousGrade;
  const gradeChange =
    previous === assessment.grade || (previous === undefined && assessment.grade === null)
      ? null
      : { previousGrade: previous ?? null, grade: assessment.grade };
  const homeCurrency =
    input.facts.find((fact) => fact.kind === 'CLIENT_OPENED')?.currency ??
    features.currencies[0]?.currency ??
    null;
  const { breaches, restores } = checkLimits(
    {
      positions: features.currencies,
      limits,
      grade: assessment.grade,
      homeCurrency,
      openBreaches: input.openBreaches,
    },
    input.policy,
  );
  return { features, assessment, limits, gradeChange, breaches, restores };
}
