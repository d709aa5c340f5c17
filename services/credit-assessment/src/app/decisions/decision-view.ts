import type { Selectable } from 'kysely';
import type { CreditDecisionsTable, CreditOverridesTable } from '../../db/schema';
import type { IntakeOutcome } from '../../domain/policy';
import type { CreditReason } from '../../domain/reasons';
import { fromStoredJson } from '../json';
import { moneyView, type MoneyView } from '../money-view';
import type { IntakeResult } from './intake-decision';

export interface CreditOverrideView {
  outcome: IntakeOutcome;
  reason: string;
  approvedBy: string;
  overriddenAt: string;
}

/** A decision as callers see it (JSON: idempotent commands store it as their answer). */
export interface CreditDecision {
  id: string;
  clientId: string | null;
  outcome: IntakeOutcome;
  rule: string;
  score: number | null;
  grade: string | null;
  thinFile: boolean;
  reasons: CreditReason[];
  policyVersion: number;
  retainer: MoneyView | null;
  evergreenMinimum: MoneyView | null;
  headroom: MoneyView | null;
  requestedBy: string;
  decidedAt: string;
  override: CreditOverrideView | null;
}

export function decisionOfRow(
  row: Selectable<CreditDecisionsTable>,
  override: Selectable<CreditOverridesTable> | null,
): CreditDecision {
  const result = fromStoredJson<IntakeResult>(row.result);
  return {
    id: row.decision_id,
    clientId: row.client_id,
    outcome: row.outcome as IntakeOutcome,
    rule: result.rule,
    score: result.score,
    grade: result.grade,
    thinFile: result.thinFile,
    reasons: result.reasons,
    policyVersion: row.policy_version,
    retainer: result.retainer && moneyView(result.retainer),
    evergreenMinimum: result.evergreenMinimum && moneyView(result.evergreenMinimum),
    headroom: result.headroom && moneyView(result.headroom),
    requestedBy: row.requested_by,
    decidedAt: row.decided_at.toISOString(),
    override: override && {
      outcome: override.outcome as IntakeOutcome,
      reason: override.reason,
      approvedBy: override.approved_by,
      overriddenAt: override.overridden_at.toISOString(),
    },
  };
}
