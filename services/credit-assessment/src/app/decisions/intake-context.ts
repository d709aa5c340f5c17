import { sql } from 'kysely';
import { dateIn } from '@lexfin/platform/business-dates';
import type { CreditPolicy } from '../../domain/policy';
import type { CreditTx } from '../deps';
import { policyOf } from '../policy/policy-store';

export interface IntakeContext {
  asOf: string;
  policy: CreditPolicy;
  setLimits: Map<string, bigint>;
}

/**
 * What every intake request reads beside the facts, in one round trip: the firm's business date
 * now, the policy in force (latest published, else the default) and the client's set limits.
 */
export async function intakeContext(
  tx: CreditTx,
  firmId: string,
  clientId: string | null,
  now: Date,
): Promise<IntakeContext> {
  const { rows } = await sql<{
    time_zone: string | null;
    policy: { version: number; document: unknown } | null;
    limits: { currency: string; amount_minor: string }[];
  }>`select
      (select time_zone from credit_firms where firm_id = ${firmId}) as time_zone,
      (select json_build_object('version', version, 'document', document) from credit_policies
        where firm_id = ${firmId} and published_at is not null
        order by version desc limit 1) as policy,
      coalesce((select json_agg(json_build_object('currency', currency,
        'amount_minor', amount_minor::text)) from credit_limits
        where firm_id = ${firmId} and client_id = ${clientId}), '[]') as limits`.execute(tx);
  const row = rows[0]!;
  return {
    asOf: dateIn(row.time_zone ?? 'UTC', now),
    policy: policyOf(row.policy ?? undefined),
    setLimits: new Map(row.limits.map((limit) => [limit.currency, BigInt(limit.amount_minor)])),
  };
}
