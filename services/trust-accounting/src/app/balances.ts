import { sql } from 'kysely';
import { allow, inFirm } from '@lexfin/service-kit';
import { moneyOutput, type MoneyOutput } from '@lexfin/subgraph';
import type { TrustScope } from './trust-scope';
import { BALANCE_READERS } from './roles';

/**
 * Trust held per client or per matter, one query for a whole batch (federation resolves many
 * entities at once), summed per currency since a firm may hold trust in several.
 */
export async function trustBalancesBy(
  trust: TrustScope,
  column: 'client_id' | 'matter_id',
  ids: readonly string[],
): Promise<Map<string, MoneyOutput[]>> {
  const caller = trust.caller;
  const ownClientOnly = caller.roles.includes('client_portal');
  if (!ownClientOnly) allow(caller, BALANCE_READERS);
  const rows = await inFirm(trust.db, caller, (tx) =>
    tx
      .selectFrom('ledgers as l')
      .innerJoin('trust_accounts as a', 'a.id', 'l.trust_account_id')
      .select([
        `l.${column} as owner`,
        'a.currency',
        sql<bigint>`sum(l.balance_minor)::bigint`.as('balance'),
      ])
      .where(`l.${column}`, 'in', [...ids])
      .$if(ownClientOnly, (q) => q.where('l.client_id', '=', caller.clientId!))
      .groupBy([`l.${column}`, 'a.currency'])
      .orderBy('a.currency')
      .execute(),
  );
  const balances = new Map<string, MoneyOutput[]>(ids.map((id) => [id, []]));
  for (const row of rows) balances.get(row.owner!)?.push(moneyOutput(row.balance, row.currency));
  return balances;
}
