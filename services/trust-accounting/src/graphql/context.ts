import DataLoader from 'dataloader';
import type { RequestScope } from '@lexfin/service-kit';
import type { MoneyOutput } from '@lexfin/subgraph';
import { trustBalancesBy } from '../app/balances';
import type { TrustDependencies, TrustScope } from '../app/trust-scope';

export interface TrustGraphQLContext {
  /** The trust books as this request's caller sees them. */
  trust: TrustScope;
  /** Per request: trust balances of many clients / matters in one query each. */
  clientBalances: DataLoader<string, MoneyOutput[]>;
  matterBalances: DataLoader<string, MoneyOutput[]>;
}

/** What the resolvers get per request, for the caller the kit has verified. */
export function trustGraphQLContext({
  caller,
  deps,
}: RequestScope<TrustDependencies>): TrustGraphQLContext {
  const trust: TrustScope = { ...deps, caller };
  const balancesBy = (column: 'client_id' | 'matter_id') =>
    new DataLoader<string, MoneyOutput[]>(async (ids) => {
      const balances = await trustBalancesBy(trust, column, ids);
      return ids.map((id) => balances.get(id) ?? []);
    });
  return {
    trust,
    clientBalances: balancesBy('client_id'),
    matterBalances: balancesBy('matter_id'),
  };
}
