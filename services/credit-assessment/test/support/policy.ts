import { formatMinorAmount } from '@lexfin/money';
import { DEFAULT_CREDIT_POLICY } from '../../src/domain/default-policy';
import { GRADES } from '../../src/domain/policy';

const limits = (amounts: { currency: string; amountMinor: bigint }[]) =>
  amounts.map((limit) => ({
    amount: formatMinorAmount(limit.amountMinor, limit.currency),
    currency: limit.currency,
  }));

/** The default policy as `CreditPolicyInput`, for tests to draft and to break. */
export function defaultPolicyInput() {
  const policy = DEFAULT_CREDIT_POLICY;
  return {
    factors: policy.factors.map((rule) => ({
      factor: rule.factor as string,
      missingPoints: rule.missingPoints,
      bands: rule.bands.map((band) => ({ ...band })),
    })),
    scaling: { ...policy.scaling },
    cutoffs: { ...policy.cutoffs },
    gradeTerms: GRADES.map((grade) => ({
      grade,
      defaultLimits: limits(policy.gradeTerms[grade].defaultLimits),
      retainerPercent: policy.gradeTerms[grade].retainerPercent,
      evergreenPercent: policy.gradeTerms[grade].evergreenPercent,
    })),
    intake: { ...policy.intake },
    holdGrade: policy.holdGrade,
    thinFile: { ...policy.thinFile, defaultLimits: limits(policy.thinFile.defaultLimits) },
    restoreMarginPercent: policy.restoreMarginPercent,
  };
}

export const DRAFT_POLICY = /* GraphQL */ `
  mutation ($policy: CreditPolicyInput!) {
    draftCreditPolicy(policy: $policy) {
      version
      published
      draftedBy
    }
  }
`;

export const PUBLISH_POLICY = /* GraphQL */ `
  mutation ($version: Int!) {
    publishCreditPolicy(version: $version) {
      version
      published
      publishedBy
    }
  }
`;
