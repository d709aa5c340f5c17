import { randomUUID } from 'node:crypto';
import { BadUserInputError } from '@lexfin/platform/errors';
import { sendWithNext } from '@lexfin/persistence';
import { allow, runCommand, type Caller } from '@lexfin/service-kit';
import { creditFeatures } from '../../domain/features';
import type { IntakeRequest } from '../../domain/intake';
import type { CreditDeps } from '../deps';
import { toStoredJson } from '../json';
import { INTAKE_REQUESTERS } from '../roles';
import { decisionOfRow, type CreditDecision } from './decision-view';
import { intakeContext } from './intake-context';
import { intakeResult } from './intake-decision';

export interface MatterIntakeInput extends IntakeRequest {
  /** An existing client, or null for a prospective one. */
  clientId: string | null;
}

/**
 * Decides whether the firm takes on a matter: from the client's facts now (a prospective client
 * is a thin file) under the policy in force. The decision keeps its inputs, features, policy
 * version and time, so it can be replayed.
 */
export async function assessMatterIntake(
  deps: CreditDeps,
  caller: Caller,
  request: MatterIntakeInput,
  idempotencyKey: string,
): Promise<CreditDecision> {
  allow(caller, INTAKE_REQUESTERS);
  return runCommand(
    deps.db,
    caller,
    { operation: 'assessMatterIntake', idempotencyKey, input: toStoredJson(request) },
    async (tx) => {
      const now = deps.clock();
      const firmId = caller.firmId;
      const { clientId } = request;
      const { asOf, policy, setLimits, facts } = await intakeContext(tx, firmId, clientId, now);
      if (clientId !== null && facts.length === 0) {
        throw new BadUserInputError({ 'input.clientId': 'is not a client of the firm' });
      }
      const features = clientId === null ? null : creditFeatures(facts, asOf);
      const result = intakeResult(request, features, setLimits, policy);
      const row = {
        firm_id: firmId,
        decision_id: randomUUID(),
        client_id: clientId,
        requested_by: caller.userId,
        input: toStoredJson({ ...request, asOf, setLimits: [...setLimits] }),
        features: toStoredJson(features),
        policy_version: policy.version,
        outcome: result.outcome,
        result: toStoredJson(result),
        decided_at: now,
      };
      // The answer is the row as written, so the insert needs no round trip of its own: it goes
      // out with the stored answer and the commit.
      await sendWithNext(tx, tx.insertInto('credit_decisions').values(row));
      return decisionOfRow(row, null);
    },
  );
}
