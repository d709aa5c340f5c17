import { sql } from 'kysely';
import { readTogether, sendWithNext } from '@lexfin/persistence';
import type { Caller } from '@lexfin/service-kit';
import type { CreditFact } from '../../domain/facts';
import type { Grade } from '../../domain/policy';
import { reassess } from '../../domain/reassessment';
import type { CreditTx } from '../deps';
import { selectFacts } from '../facts-store';
import { firmDateOf, selectFirmTimeZone } from '../firm-day';
import { policyOf, selectPolicyInForce } from '../policy/policy-store';
import { ofClients, writeReassessments, type ClientReassessment } from './write-profile';

/**
 * Serialises work on one client: billing's and trust's events arrive on different topics, so two
 * consumers may re-assess the same client at once; each must see the other's facts.
 */
export async function lockClient(tx: CreditTx, firmId: string, clientId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`credit:${firmId}:${clientId}`}, 0))`.execute(
    tx,
  );
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

/**
 * Re-assesses clients from all their facts, now, and stores the results: read set-based, folded in
 * TypeScript, written back in bulk. One client for an event, a batch for a firm's re-score.
 */
export async function reassessClients(
  tx: CreditTx,
  caller: Caller,
  clientIds: string[],
  now: Date,
  asOfDate?: string,
  /** Per client, the caller its events name as their cause (the consumer's latest event). */
  causes?: ReadonlyMap<string, Caller>,
): Promise<ClientReassessment[]> {
  const firmId = caller.firmId;
  // The consumers re-assess one client at a time under the same locks: no profile goes stale.
  // The locks go out first in the reads' round trip; each read runs once they are all taken.
  const locks = sql`select pg_advisory_xact_lock(hashtextextended('credit:' || ${firmId} || ':' || id, 0))
    from unnest(${clientIds}::text[]) as id order by id`;
  await sendWithNext(tx, locks);
  const [policyRows, firmRows, factRows, limitRows, profileRows, breachRows] = await readTogether(
    tx,
    [
      selectPolicyInForce(tx, firmId),
      selectFirmTimeZone(tx, firmId),
      selectFacts(tx, firmId).where(ofClients(clientIds)),
      tx
        .selectFrom('credit_limits')
        .select(['client_id', 'currency', 'amount_minor'])
        .where('firm_id', '=', firmId)
        .where(ofClients(clientIds)),
      tx
        .selectFrom('client_profiles')
        .select(['client_id', 'grade'])
        .where('firm_id', '=', firmId)
        .where(ofClients(clientIds)),
      tx
        .selectFrom('credit_breaches')
        .select(['client_id', 'currency', 'breach_id'])
        .where('firm_id', '=', firmId)
        .where(ofClients(clientIds))
        .where('restored_at', 'is', null),
    ],
  );
  const policy = policyOf(policyRows[0]);
  const asOf = asOfDate ?? firmDateOf(firmRows[0]?.time_zone, now);
  const facts = groupBy(factRows, (fact: CreditFact) => fact.clientId);
  const limits = groupBy(limitRows, (row) => row.client_id);
  const breaches = groupBy(breachRows, (row) => row.client_id);
  const grades = new Map(profileRows.map((row) => [row.client_id, row.grade as Grade | null]));
  const batch = clientIds.map((clientId) => ({
    clientId,
    caller: causes?.get(clientId),
    result: reassess({
      clientId,
      facts: facts.get(clientId) ?? [],
      asOf,
      policy,
      setLimits: new Map(
        (limits.get(clientId) ?? []).map((row) => [row.currency, row.amount_minor]),
      ),
      previousGrade: grades.has(clientId) ? grades.get(clientId)! : undefined,
      openBreaches: new Map(
        (breaches.get(clientId) ?? []).map((row) => [row.currency, row.breach_id]),
      ),
    }),
  }));
  await writeReassessments(tx, caller, batch, policy, now);
  return batch;
}
