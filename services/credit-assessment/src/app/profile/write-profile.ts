import { sql } from 'kysely';
import { creditEvents, type EventEnvelope } from '@lexfin/contracts';
import { formatMinorAmount } from '@lexfin/money';
import { emit, eventOf, type Caller } from '@lexfin/service-kit';
import type { CreditPolicy } from '../../domain/policy';
import type { ExposureFigures } from '../../domain/features';
import type { Reassessment } from '../../domain/reassessment';
import type { CreditTx } from '../deps';
import { toStoredJson } from '../json';

/** Rows of these clients: one array parameter, where an `in` list takes one per client. */
export const ofClients = (clientIds: readonly string[]) =>
  sql<boolean>`client_id = any(${clientIds}::uuid[])`;

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

const exposureColumns = (position: ExposureFigures) => ({
  unbilled_work_minor: position.unbilledWorkMinor,
  unbilled_expenses_minor: position.unbilledExpensesMinor,
  open_receivables_minor: position.openReceivablesMinor,
  trust_held_minor: position.trustHeldMinor,
  exposure_minor: position.exposureMinor,
});

export interface ClientReassessment {
  clientId: string;
  /** Whose work it is when not the batch's caller's (each client's own event). */
  caller?: Caller | undefined;
  result: Reassessment;
}

/**
 * Stores re-assessments of a firm's clients, a few statements for the whole batch: profiles,
 * exposures per currency and matter, the breaches opened or closed, and the events about them, in
 * the caller's transaction.
 */
export async function writeReassessments(
  tx: CreditTx,
  caller: Caller,
  batch: readonly ClientReassessment[],
  policy: CreditPolicy,
  now: Date,
): Promise<void> {
  if (batch.length === 0) return;
  const firmId = caller.firmId;
  const clientIds = batch.map((item) => item.clientId);
  await tx
    .insertInto('client_profiles')
    .values(batch.map((item) => profileRow(firmId, item.clientId, item.result, policy, now)))
    .onConflict((conflict) =>
      conflict.columns(['firm_id', 'client_id']).doUpdateSet((eb) => ({
        as_of: eb.ref('excluded.as_of'),
        policy_version: eb.ref('excluded.policy_version'),
        thin_file: eb.ref('excluded.thin_file'),
        score: eb.ref('excluded.score'),
        grade: eb.ref('excluded.grade'),
        payment_index: eb.ref('excluded.payment_index'),
        features: eb.ref('excluded.features'),
        assessment: eb.ref('excluded.assessment'),
        assessed_at: eb.ref('excluded.assessed_at'),
      })),
    )
    .execute();
  const exposures = batch.flatMap(({ clientId, result }) =>
    result.features.currencies.map((position) => ({
      firm_id: firmId,
      client_id: clientId,
      currency: position.currency,
      ...exposureColumns(position),
      limit_minor: result.limits.get(position.currency) ?? null,
    })),
  );
  const matters = batch.flatMap(({ clientId, result }) =>
    result.features.matters.map((position) => ({
      firm_id: firmId,
      matter_id: position.matterId,
      currency: position.currency,
      client_id: clientId,
      ...exposureColumns(position),
    })),
  );
  // One statement for both tables' deletes and one for their inserts: this runs for every event.
  await tx
    .with('client_gone', (db) =>
      db.deleteFrom('client_exposures').where('firm_id', '=', firmId).where(ofClients(clientIds)),
    )
    .deleteFrom('matter_exposures')
    .where('firm_id', '=', firmId)
    .where(ofClients(clientIds))
    .execute();
  if (exposures.length > 0 && matters.length > 0) {
    await tx
      .with('client_rows', (db) => db.insertInto('client_exposures').values(exposures))
      .insertInto('matter_exposures')
      .values(matters)
      .execute();
  } else if (exposures.length > 0) {
    await tx.insertInto('client_exposures').values(exposures).execute();
  } else if (matters.length > 0) {
    await tx.insertInto('matter_exposures').values(matters).execute();
  }
  const events: EventEnvelope<unknown>[] = [];
  const breaches = [];
  const restored: string[] = [];
  for (const { clientId, result, caller: cause } of batch) {
    const published = reassessmentEvents(cause ?? caller, clientId, result, policy);
    events.push(...published.events);
    for (const breach of result.breaches) {
      breaches.push({
        firm_id: firmId,
        breach_id: published.breachIds.get(breach.currency)!,
        client_id: clientId,
        currency: breach.currency,
        cause: breach.cause,
        breached_at: now,
        restored_at: null,
      });
    }
    restored.push(...result.restores.map((restore) => restore.breachId));
  }
  if (breaches.length > 0) await tx.insertInto('credit_breaches').values(breaches).execute();
  if (restored.length > 0) {
    await tx
      .updateTable('credit_breaches')
      .set({ restored_at: now })
      .where('firm_id', '=', firmId)
      .where('breach_id', 'in', restored)
      .execute();
  }
  await emit(tx, events);
}
