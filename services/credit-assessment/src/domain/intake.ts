import { divideRounded } from '@lexfin/money';
import type { MinorAmount } from './features';
import type { CreditPolicyDocument, Grade, IntakeOutcome } from './policy';

export interface IntakeRequest {
  practiceArea: string;
  billingArrangement: 'HOURLY' | 'FLAT_FEE' | 'CONTINGENCY' | 'HYBRID';
  estimatedFees: MinorAmount;
}

export interface IntakeStanding {
  /** Null for a thin file or a prospective client. */
  grade: Grade | null;
  thinFile: boolean;
  /** Limit minus exposure in the fees' currency; null when the client has no limit in it. */
  headroomMinor: bigint | null;
}

export interface IntakeDecision {
  outcome: IntakeOutcome;
  retainer: MinorAmount | null;
  evergreenMinimum: MinorAmount | null;
  /** Which rule decided, for the people who read the decision. */
  rule: string;
}

function percentOf(fees: MinorAmount, percent: number): MinorAmount {
  return {
    currency: fees.currency,
    amountMinor: divideRounded(
      fees.amountMinor * BigInt(Math.round(percent * 100)),
      10_000n,
      'half-up',
    ),
  };
}

/** Whether fees exceed `multiple` x headroom (multiples are compared in hundredths, exactly). */
function feesExceed(fees: bigint, multiple: number, headroom: bigint): boolean {
  return fees * 100n > BigInt(Math.round(multiple * 100)) * headroom;
}

function withRetainer(
  request: IntakeRequest,
  retainerPercent: number,
  evergreenPercent: number,
  rule: string,
): IntakeDecision {
  const evergreen =
    evergreenPercent > 0 ? percentOf(request.estimatedFees, evergreenPercent) : null;
  return {
    outcome: 'APPROVE_WITH_RETAINER',
    retainer: percentOf(request.estimatedFees, retainerPercent),
    evergreenMinimum: evergreen,
    rule,
  };
}

function decided(outcome: IntakeOutcome, rule: string): IntakeDecision {
  return { outcome, retainer: null, evergreenMinimum: null, rule };
}

/**
 * The intake decision for a new matter. The practice area may raise the retainer asked (an intake
 * rule), never the grade: it is not a scored factor.
 */
export function decideIntake(
  request: IntakeRequest,
  standing: IntakeStanding,
  policy: CreditPolicyDocument,
): IntakeDecision {
  const areaPercent =
    policy.intake.practiceAreaRetainerPercent.find(
      (rule) => rule.practiceArea.toLowerCase() === request.practiceArea.toLowerCase(),
    )?.retainerPercent ?? 0;
  const fees = request.estimatedFees.amountMinor;
  const { headroomMinor: headroom } = standing;
  if (standing.thinFile || standing.grade === null) {
    const { thinFile } = policy;
    if (thinFile.outcome === 'REFER_TO_PARTNER') return decided('REFER_TO_PARTNER', 'THIN_FILE');
    return withRetainer(
      request,
      Math.max(thinFile.retainerPercent, areaPercent),
      thinFile.evergreenPercent,
      'THIN_FILE',
    );
  }
  const { intake } = policy;
  if (intake.declineGrades.includes(standing.grade)) return decided('DECLINE', 'DECLINE_GRADE');
  if (headroom !== null && feesExceed(fees, intake.declineOverHeadroomMultiple, headroom)) {
    return decided('DECLINE', 'FEES_OVER_HEADROOM');
  }
  if (intake.referGrades.includes(standing.grade)) {
    return decided('REFER_TO_PARTNER', 'REFER_GRADE');
  }
  if (headroom !== null && feesExceed(fees, intake.referOverHeadroomMultiple, headroom)) {
    return decided('REFER_TO_PARTNER', 'FEES_OVER_HEADROOM');
  }
  const terms = policy.gradeTerms[standing.grade];
  const retainerPercent = Math.max(terms.retainerPercent, areaPercent);
  if (retainerPercent > 0 || terms.evergreenPercent > 0) {
    return withRetainer(request, retainerPercent, terms.evergreenPercent, 'GRADE_TERMS');
  }
  return decided('APPROVE', 'GRADE_TERMS');
}
