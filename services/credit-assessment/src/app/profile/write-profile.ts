import { creditEvents, type EventEnvelope } from '@lexfin/contracts';
import { formatMinorAmount } from '@lexfin/money';
import { emit, eventOf, type Caller } from '@lexfin/service-kit';
import type { CreditPolicy } from '../../domain/policy';
import type { Reassessment } from '../../domain/reassessment';
import type { CreditTx } from '../deps';
import { toStoredJson } from '../json';

const { gradeChanged, limitBreached, limitRestored } = creditEvents;

const money = (amountMinor: bigint, currency: string) => ({
  amount: formatMinorAmount(amountMinor, currency),
  currency,
});

/** The row a profile is stored as. */
export function profileRow(
  firmId: string,
  clientId: string,
  result: Reassessment,
  policy: CreditPolicy,
  now: Date,
) {
  return {
    firm_id: firmId,
    client_id: clientId,
    as_of: result.features.asOf,
    policy_version: policy.version,
    thin_file: result.assessment.thinFile,
    score: result.assessment.score,
    grade: result.assessment.grade,
    payment_index: result.features.paymentIndex,
    features: toStoredJson(result.features),
    assessment: toStoredJson(result.assessment),
    assessed_at: now,
  };
}

/** What others must hear of a re-assessment: grade change, new breaches, restores. */
export function reassessmentEvents(
  caller: Caller,
  clientId: string,
  result: Reassessment,
  policy: CreditPolicy,
): { events: EventEnvelope<unknown>[]; breachIds: Map<string, string> } {
  const { grade, score, thinFile } = result.assessment;
  const asOf = result.features.asOf;
  const events: EventEnvelope<unknown>[] = [];
  const breachIds = new Map<string, string>();
  if (result.gradeChange) {
    events.push(
      eventOf(caller, gradeChanged, clientId, {
        clientId,
        previousGrade: result.gradeChange.previousGrade,
        grade,
        score,
        thinFile,
        policyVersion: policy.version,
        asOf,
      }),
    );
  }
  for (const breach of result.breaches) {
    const exposure = money(breach.exposureMinor, breach.currency);
    const limit = money(breach.limitMinor, breach.currency);
    const reason =
      breach.cause === 'OVER_LIMIT'
        ? `Exposure ${exposure.amount} ${breach.currency} is over the credit limit of ${limit.amount} ${breach.currency}`
        : `Credit grade ${grade ?? ''} is at or below the policy's hold grade ${policy.holdGrade ?? ''}`;
    const event = eventOf(caller, limitBreached, clientId, {
      clientId,
      currency: breach.currency,
      cause: breach.cause,
      exposure,
      limit,
      grade,
      reason,
      policyVersion: policy.version,
      asOf,
    });
    breachIds.set(breach.currency, event.id);
    events.push(event);
  }
  for (const restore of result.restores) {
    events.push(
      eventOf(caller, limitRestored, clientId, {
        clientId,
        currency: restore.currency,
        breachId: restore.breachId,
        exposure: money(restore.exposureMinor, restore.currency),
        limit: money(restore.limitMinor, restore.currency),
        grade,
        policyVersion: policy.version,
        asOf,
      }),
    );
  }
  return { events, breachIds };
}

/**
 * Stores one client's re-assessment: its profile, its exposures per currency and matter, the
 * breaches it opened or closed, and the events about them, all in the caller's transaction.
 */
export async function writeReassessment(
  tx: CreditTx,
  caller: Caller,
  clientId: string,
  result: Reassessment,
  policy: CreditPolicy,
  now: Date,
): Promise<void> {
  const firmId = caller.firmId;
  const row = profileRow(firmId, clientId, result, policy, now);
  const { firm_id: _firm, client_id: _client, ...changes } = row;
  await tx
    .insertInto('client_profiles')
    .values(row)
    .onConflict((conflict) => conflict.columns(['firm_id', 'client_id']).doUpdateSet(changes))
    .execute();
  await tx
    .deleteFrom('client_exposures')
    .where('firm_id', '=', firmId)
    .where('client_id', '=', clientId)
    .execute();
  if (result.features.currencies.length > 0) {
    await tx
      .insertInto('client_exposures')
      .values(
        result.features.currencies.map((position) => ({
          firm_id: firmId,
          client_id: clientId,
          currency: position.currency,
          unbilled_work_minor: position.unbilledWorkMinor,
          unbilled_expenses_minor: position.unbilledExpensesMinor,
          open_receivables_minor: position.openReceivablesMinor,
          trust_held_minor: position.trustHeldMinor,
          exposure_minor: position.exposureMinor,
          limit_minor: result.limits.get(position.currency) ?? null,
        })),
      )
      .execute();
  }
  await tx
    .deleteFrom('matter_exposures')
    .where('firm_id', '=', firmId)
    .where('client_id', '=', clientId)
    .execute();
  if (result.features.matters.length > 0) {
    await tx
      .insertInto('matter_exposures')
      .values(
        result.features.matters.map((position) => ({
          firm_id: firmId,
          matter_id: position.matterId,
          currency: position.currency,
          client_id: clientId,
          unbilled_work_minor: position.unbilledWorkMinor,
          unbilled_expenses_minor: position.unbilledExpensesMinor,
          open_receivables_minor: position.openReceivablesMinor,
          trust_held_minor: position.trustHeldMinor,
          exposure_minor: position.exposureMinor,
        })),
      )
      .execute();
  }
  const { events, breachIds } = reassessmentEvents(caller, clientId, result, policy);
  for (const breach of result.breaches) {
    await tx
      .insertInto('credit_breaches')
      .values({
        firm_id: firmId,
        breach_id: breachIds.get(breach.currency)!,
        client_id: clientId,
        currency: breach.currency,
        cause: breach.cause,
        breached_at: now,
        restored_at: null,
      })
      .execute();
  }
  if (result.restores.length > 0) {
    await tx
      .updateTable('credit_breaches')
      .set({ restored_at: now })
      .where('firm_id', '=', firmId)
      .where(
        'breach_id',
        'in',
        result.restores.map((restore) => restore.breachId),
      )
      .execute();
  }
  await emit(tx, events);
}
