import { sql } from 'kysely';
import { creditEvents, type EventEnvelope } from '@lexfin/contracts';
import { formatMinorAmount } from '@lexfin/money';
import { outboxEnqueue, sendWithNext } from '@lexfin/persistence';
import { eventOf, type Caller } from '@lexfin/service-kit';
import type { CreditPolicy } from '../../domain/policy';
import type { ExposureFigures } from '../../domain/features';
import type { Reassessment } from '../../domain/reassessment';
import type { CreditTx } from '../deps';
import { toStoredJson } from '../json';

/** Rows of these clients: one array parameter, where an `in` list takes one per client. */
export const ofClients = (clientIds: readonly string[]) =>
  sql<boolean>`client_id = any(${clientIds}::uuid[])`;

/**
 * Rows of these clients in an exposure table, found one index probe per client. `ofClients` over a
 * table without statistics (exposures written since the last analyze, as in a firm's first
 * nightly) is planned as a scan of the firm's every row, once per batch: a thousand batches of a
 * million clients each scanned what the batches before them wrote. The lateral subquery (kept
 * apart by `offset 0`) can only be probed per client.
 */
const rowsOfClients = (
  table: 'client_exposures' | 'matter_exposures',
  firmId: string,
  clientIds: readonly string[],
) =>
  sql<boolean>`ctid = any(array(select own.ctid from unnest(${clientIds}::uuid[]) as batch(client_id)
    cross join lateral (select ctid from ${sql.table(table)} where firm_id = ${firmId}
      and client_id = batch.client_id offset 0) as own))`;

const { gradeChanged, limitBreached, limitRestored } = creditEvents;

const money = (amountMinor: bigint, currency: string) => ({
  amount: formatMinorAmount(amountMinor, currency),
  currency,
});

/** Rows as one jsonb parameter, bigints as their digits (jsonb_to_recordset reads them so). */
const rowsJson = (rows: readonly unknown[]) =>
  JSON.stringify(rows, (_key, item: unknown) =>
    typeof item === 'bigint' ? item.toString() : item,
  );

/** A profile as the upsert reads it from one JSON document of the batch's profiles. */
function profileDocument(clientId: string, result: Reassessment) {
  return {
    client_id: clientId,
    as_of: result.features.asOf,
    thin_file: result.assessment.thinFile,
    score: result.assessment.score,
    grade: result.assessment.grade,
    payment_index: result.features.paymentIndex,
    features: result.features,
    assessment: result.assessment,
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
  // One jsonb parameter for the batch: a VALUES list of 11 parameters a row cost more to build,
  // send and parse than the rows cost to write.
  const profiles = toStoredJson(batch.map((item) => profileDocument(item.clientId, item.result)));
  await sendWithNext(
    tx,
    sql`insert into client_profiles (firm_id, client_id, as_of, policy_version, thin_file,
      score, grade, payment_index, features, assessment, assessed_at)
    select ${firmId}::uuid, client_id, as_of, ${policy.version}::integer, thin_file, score, grade,
      payment_index, features, assessment, ${now}::timestamptz
    from jsonb_to_recordset(${profiles}::jsonb) as profile(client_id uuid, as_of date,
      thin_file boolean, score integer, grade text, payment_index integer, features jsonb,
      assessment jsonb)
    on conflict (firm_id, client_id) do update set as_of = excluded.as_of,
      policy_version = excluded.policy_version, thin_file = excluded.thin_file,
      score = excluded.score, grade = excluded.grade, payment_index = excluded.payment_index,
      features = excluded.features, assessment = excluded.assessment,
      assessed_at = excluded.assessed_at`,
  );
  const exposures = batch.flatMap(({ clientId, result }) =>
    result.features.currencies.map((position) => ({
      client_id: clientId,
      currency: position.currency,
      ...exposureColumns(position),
      limit_minor: result.limits.get(position.currency) ?? null,
    })),
  );
  const matters = batch.flatMap(({ clientId, result }) =>
    result.features.matters.map((position) => ({
      matter_id: position.matterId,
      currency: position.currency,
      client_id: clientId,
      ...exposureColumns(position),
    })),
  );
  // One statement for both tables' deletes and one for their inserts, each table's rows in one
  // jsonb parameter: this runs for every event, and for batches of a thousand clients at night.
  await sendWithNext(
    tx,
    tx
      .with('client_gone', (db) =>
        db
          .deleteFrom('client_exposures')
          .where('firm_id', '=', firmId)
          .where(rowsOfClients('client_exposures', firmId, clientIds)),
      )
      .deleteFrom('matter_exposures')
      .where('firm_id', '=', firmId)
      .where(rowsOfClients('matter_exposures', firmId, clientIds)),
  );
  if (exposures.length > 0 || matters.length > 0) {
    await sendWithNext(
      tx,
      sql`with client_rows as (
        insert into client_exposures (firm_id, client_id, currency, unbilled_work_minor,
          unbilled_expenses_minor, open_receivables_minor, trust_held_minor, exposure_minor,
          limit_minor)
        select ${firmId}::uuid, client_id, currency, unbilled_work_minor, unbilled_expenses_minor,
          open_receivables_minor, trust_held_minor, exposure_minor, limit_minor
        from jsonb_to_recordset(${rowsJson(exposures)}::jsonb) as exposure(client_id uuid,
          currency text, unbilled_work_minor bigint, unbilled_expenses_minor bigint,
          open_receivables_minor bigint, trust_held_minor bigint, exposure_minor bigint,
          limit_minor bigint))
      insert into matter_exposures (firm_id, matter_id, currency, client_id, unbilled_work_minor,
        unbilled_expenses_minor, open_receivables_minor, trust_held_minor, exposure_minor)
      select ${firmId}::uuid, matter_id, currency, client_id, unbilled_work_minor,
        unbilled_expenses_minor, open_receivables_minor, trust_held_minor, exposure_minor
      from jsonb_to_recordset(${rowsJson(matters)}::jsonb) as exposure(matter_id uuid,
        currency text, client_id uuid, unbilled_work_minor bigint, unbilled_expenses_minor bigint,
        open_receivables_minor bigint, trust_held_minor bigint, exposure_minor bigint)`,
    );
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
  if (breaches.length > 0)
    await sendWithNext(tx, tx.insertInto('credit_breaches').values(breaches));
  if (restored.length > 0) {
    await sendWithNext(
      tx,
      tx
        .updateTable('credit_breaches')
        .set({ restored_at: now })
        .where('firm_id', '=', firmId)
        .where('breach_id', 'in', restored),
    );
  }
  if (events.length > 0) {
    await sendWithNext(tx, outboxEnqueue(events));
  }
}
