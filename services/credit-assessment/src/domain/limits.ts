import type { CurrencyPosition } from './features';
import { atOrWorse, type CreditPolicyDocument, type Grade } from './policy';

export type BreachCause = 'OVER_LIMIT' | 'HOLD_GRADE';

export interface Breach {
  currency: string;
  cause: BreachCause;
  exposureMinor: bigint;
  limitMinor: bigint;
}

export interface Restore {
  currency: string;
  breachId: string;
  exposureMinor: bigint;
  limitMinor: bigint;
}

/** The limit per currency: one set for the client, else the policy's default for its grade. */
export function effectiveLimits(
  policy: CreditPolicyDocument,
  grade: Grade | null,
  setLimits: ReadonlyMap<string, bigint>,
): Map<string, bigint> {
  const defaults =
    grade === null ? policy.thinFile.defaultLimits : policy.gradeTerms[grade].defaultLimits;
  const limits = new Map(defaults.map((limit) => [limit.currency, limit.amountMinor]));
  for (const [currency, amount] of setLimits) limits.set(currency, amount);
  return limits;
}

export interface LimitCheck {
  positions: readonly CurrencyPosition[];
  limits: ReadonlyMap<string, bigint>;
  grade: Grade | null;
  homeCurrency: string | null;
  /** The breach still open in each currency, by the id of its breached event. */
  openBreaches: ReadonlyMap<string, string>;
}

/**
 * What a change in exposure or grade means for holds, per currency: a new breach when exposure
 * passes the limit or the grade reaches the hold grade (once: an open breach is not breached
 * again), a restore once both are back within policy, exposure at or under the restore margin of
 * the limit. Between the limit and the margin a breach stays open, so holds do not flap.
 */
export function checkLimits(
  check: LimitCheck,
  policy: CreditPolicyDocument,
): { breaches: Breach[]; restores: Restore[] } {
  const held =
    check.grade !== null && policy.holdGrade !== null && atOrWorse(check.grade, policy.holdGrade);
  const currencies = new Set([
    ...check.positions.map((position) => position.currency),
    ...check.openBreaches.keys(),
    ...(check.homeCurrency === null ? [] : [check.homeCurrency]),
  ]);
  const breaches: Breach[] = [];
  const restores: Restore[] = [];
  for (const currency of [...currencies].sort()) {
    const exposureMinor =
      check.positions.find((position) => position.currency === currency)?.exposureMinor ?? 0n;
    const limit = check.limits.get(currency);
    const limitMinor = limit ?? 0n;
    const breachId = check.openBreaches.get(currency);
    const over = limit !== undefined && exposureMinor > limit;
    if (breachId === undefined) {
      if (over || held) {
        const cause = over ? 'OVER_LIMIT' : 'HOLD_GRADE';
        breaches.push({ currency, cause, exposureMinor, limitMinor });
      }
      continue;
    }
    const withinMargin =
      limit === undefined || exposureMinor * 100n <= limit * BigInt(policy.restoreMarginPercent);
    if (!held && withinMargin) restores.push({ currency, breachId, exposureMinor, limitMinor });
  }
  return { breaches, restores };
}
