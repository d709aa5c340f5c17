import { sql } from 'kysely';
import { readTogether } from '@lexfin/persistence';
import { dateIn } from '@lexfin/platform/business-dates';
import type { CreditFact } from '../../domain/facts';
import type { CreditPolicy } from '../../domain/policy';
import type { CreditTx } from '../deps';
import { selectClientFacts } from '../facts-store';
import { policyOf } from '../policy/policy-store';

export interface IntakeContext {
  asOf: string;
  policy: CreditPolicy;
  setLimits: Map<string, bigint>;
  /** The client's facts recorded up to now; none for a prospective client. */
  facts: CreditFact[];
}

interface ContextRow {
  time_zone: string | null;
  policy: { version: number; document: unknown } | null;
  limits: { currency: string; amount_minor: string }[];
}

/**
 * What every intake request reads, in one round trip: the firm's business date now, the policy in
 * force (latest published, else the default), the client's set limits and facts.
 */
export async function intakeContext(
  tx: CreditTx,
  firmId: string,
  clientId: string | null,
  now: Date,
): Promise<IntakeContext> {
  const context = sql<ContextRow>`select
      (select time_zone from credit_firms where firm_id = ${firmId}) as time_zone,
      (select json_build_object('version', version, 'document', document) from credit_policies
        where firm_id = ${firmId} and published_at is not null
        order by version desc limit 1) as policy,
      coalesce((select json_agg(json_build_object('currency', currency,
        'amount_minor', amount_minor::text)) from credit_limits
        where firm_id = ${firmId} and client_id = ${clientId}), '[]') as limits`.compile(tx);
  const [[row], factRows] =
    clientId === null
      ? [(await tx.executeQuery(context)).rows, []]
      : await readTogether(tx, [context, selectClientFacts(tx, firmId, clientId, now)]);
  return {
    asOf: dateIn(row!.time_zone ?? 'UTC', now),
    policy: policyOf(row!.policy ?? undefined),
    setLimits: new Map(row!.limits.map((limit) => [limit.currency, BigInt(limit.amount_minor)])),
    facts: factRows,
  };
}
