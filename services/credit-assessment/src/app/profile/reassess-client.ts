import { sql } from 'kysely';
import type { Caller } from '@lexfin/service-kit';
import type { Grade } from '../../domain/policy';
import { reassess, type Reassessment } from '../../domain/reassessment';
import type { CreditTx } from '../deps';
import { loadFacts } from '../facts-store';
import { firmToday } from '../firm-day';
import { policyInForce } from '../policy/policy-store';
import { writeReassessment } from './write-profile';

/**
 * Serialises work on one client: billing's and trust's events arrive on different topics, so two
 * consumers may re-assess the same client at once; each must see the other's facts.
 */
export async function lockClient(tx: CreditTx, firmId: string, clientId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`credit:${firmId}:${clientId}`}, 0))`.execute(
    tx,
  );
}

export async function setLimitsOf(tx: CreditTx, firmId: string, clientId: string) {
  const rows = await tx
    .selectFrom('credit_limits')
    .select(['currency', 'amount_minor'])
    .where('firm_id', '=', firmId)
    .where('client_id', '=', clientId)
    .execute();
  return new Map(rows.map((row) => [row.currency, row.amount_minor]));
}

/** Re-assesses one client from all its facts, now, and stores the result (caller holds the lock). */
export async function reassessClient(
  tx: CreditTx,
  caller: Caller,
  clientId: string,
  now: Date,
): Promise<Reassessment> {
  const firmId = caller.firmId;
  const [facts, policy, setLimits, previous, open, asOf] = await Promise.all([
    loadFacts(tx, firmId, clientId),
    policyInForce(tx, firmId),
    setLimitsOf(tx, firmId, clientId),
    tx
      .selectFrom('client_profiles')
      .select('grade')
      .where('firm_id', '=', firmId)
      .where('client_id', '=', clientId)
      .executeTakeFirst(),
    tx
      .selectFrom('credit_breaches')
      .select(['currency', 'breach_id'])
      .where('firm_id', '=', firmId)
      .where('client_id', '=', clientId)
      .where('restored_at', 'is', null)
      .execute(),
    firmToday(tx, firmId, now),
  ]);
  const result = reassess({
    clientId,
    facts,
    asOf,
    policy,
    setLimits,
    previousGrade: previous === undefined ? undefined : (previous.grade as Grade | null),
    openBreaches: new Map(open.map((row) => [row.currency, row.breach_id])),
  });
  await writeReassessment(tx, caller, clientId, result, policy, now);
  return result;
}
