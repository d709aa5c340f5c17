import { randomUUID } from 'node:crypto';
import { ConflictError, ForbiddenError, NotFoundError } from '@lexfin/platform/errors';
import { allow, inFirm, runCommand, type Caller } from '@lexfin/service-kit';
import { creditFeatures, type CreditFeatures } from '../../domain/features';
import type { IntakeOutcome } from '../../domain/policy';
import type { CreditDeps, CreditTx } from '../deps';
import { loadFacts } from '../facts-store';
import { fromStoredJson, toStoredJson } from '../json';
import { policyVersion } from '../policy/policy-store';
import { CREDIT_APPROVERS, CREDIT_READERS } from '../roles';
import type { MatterIntakeInput } from './assess-intake';
import { decisionOfRow, type CreditDecision } from './decision-view';
import { differences } from './differences';
import { intakeResult } from './intake-decision';

async function findDecision(tx: CreditTx, firmId: string, decisionId: string) {
  const row = await tx
    .selectFrom('credit_decisions')
    .selectAll()
    .where('firm_id', '=', firmId)
    .where('decision_id', '=', decisionId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Credit decision not found');
  return row;
}

async function overrideOf(tx: CreditTx, firmId: string, decisionId: string) {
  const row = await tx
    .selectFrom('credit_overrides')
    .selectAll()
    .where('firm_id', '=', firmId)
    .where('decision_id', '=', decisionId)
    .executeTakeFirst();
  return row ?? null;
}

/** A client's decisions, newest first, each with its override if any. */
export async function creditDecisions(
  deps: CreditDeps,
  caller: Caller,
  clientId: string,
): Promise<CreditDecision[]> {
  allow(caller, CREDIT_READERS);
  return inFirm(deps.db, caller, async (tx) => {
    const rows = await tx
      .selectFrom('credit_decisions')
      .selectAll()
      .where('firm_id', '=', caller.firmId)
      .where('client_id', '=', clientId)
      .orderBy('decided_at', 'desc')
      .orderBy('decision_id')
      .execute();
    const overrides = rows.length
      ? await tx
          .selectFrom('credit_overrides')
          .selectAll()
          .where('firm_id', '=', caller.firmId)
          .where(
            'decision_id',
            'in',
            rows.map((row) => row.decision_id),
          )
          .execute()
      : [];
    const byDecision = new Map(overrides.map((row) => [row.decision_id, row]));
    return rows.map((row) => decisionOfRow(row, byDecision.get(row.decision_id) ?? null));
  });
}

export interface ReplayReport {
  decisionId: string;
  identical: boolean;
  featuresIdentical: boolean;
  outcomeIdentical: boolean;
  /** Where the stored snapshot and the replay differ (features.* and result.* paths). */
  differences: string[];
  storedOutcome: IntakeOutcome;
  replayedOutcome: IntakeOutcome;
}

/**
 * Recomputes a decision from the facts recorded up to its time, under the policy it used, and
 * says whether features and outcome equal what was stored.
 */
export async function replayCreditDecision(
  deps: CreditDeps,
  caller: Caller,
  decisionId: string,
): Promise<ReplayReport> {
  allow(caller, CREDIT_READERS);
  return inFirm(deps.db, caller, async (tx) => {
    const row = await findDecision(tx, caller.firmId, decisionId);
    const input = fromStoredJson<
      MatterIntakeInput & { asOf: string; setLimits: [string, bigint][] }
    >(row.input);
    const { asOf, setLimits, ...request } = input;
    const facts =
      row.client_id === null
        ? null
        : await loadFacts(tx, caller.firmId, row.client_id, row.decided_at);
    const features = facts === null ? null : creditFeatures(facts, asOf);
    const { policy } = await policyVersion(tx, caller.firmId, row.policy_version);
    const result = intakeResult(request, features, new Map(setLimits), policy);
    const stored = {
      features: fromStoredJson<CreditFeatures | null>(row.features),
      result: fromStoredJson<unknown>(row.result),
    };
    const replayed = {
      features: fromStoredJson<CreditFeatures | null>(toStoredJson(features)),
      result: fromStoredJson<unknown>(toStoredJson(result)),
    };
    const found = [
      ...differences(stored.features, replayed.features, 'features'),
      ...differences(stored.result, replayed.result, 'result'),
      ...(row.outcome === result.outcome ? [] : ['outcome']),
    ];
    return {
      decisionId,
      identical: found.length === 0,
      featuresIdentical: !found.some((path) => path.startsWith('features')),
      outcomeIdentical: row.outcome === result.outcome,
      differences: found,
      storedOutcome: row.outcome as IntakeOutcome,
      replayedOutcome: result.outcome,
    };
  });
}

/** A partner's override, kept beside the decision; never by the person who asked for it. */
export async function overrideCreditDecision(
  deps: CreditDeps,
  caller: Caller,
  request: { decisionId: string; outcome: IntakeOutcome; reason: string },
  idempotencyKey: string,
): Promise<CreditDecision> {
  allow(caller, CREDIT_APPROVERS);
  return runCommand(
    deps.db,
    caller,
    { operation: 'overrideCreditDecision', idempotencyKey, input: request },
    async (tx) => {
      const row = await findDecision(tx, caller.firmId, request.decisionId);
      if (row.requested_by === caller.userId) {
        throw new ForbiddenError('A decision is overridden by a partner who did not ask for it');
      }
      if (await overrideOf(tx, caller.firmId, request.decisionId)) {
        throw new ConflictError('This credit decision has already been overridden');
      }
      const override = await tx
        .insertInto('credit_overrides')
        .values({
          firm_id: caller.firmId,
          override_id: randomUUID(),
          decision_id: request.decisionId,
          outcome: request.outcome,
          reason: request.reason,
          approved_by: caller.userId,
          overridden_at: deps.clock(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return decisionOfRow(row, override);
    },
  );
}
