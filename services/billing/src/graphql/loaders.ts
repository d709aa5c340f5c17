import DataLoader from 'dataloader';
import type { Caller } from '@lexfin/service-kit';
import type { CallerContext } from '@lexfin/subgraph';
import type { BillingDeps } from '../app/deps';
import { activeCreditBreachesOf } from '../app/credit-breaches';
import { byIds } from '../app/queries';

type Table = 'clients' | 'matters' | 'invoices' | 'payments' | 'timekeepers' | 'practice_areas';

/** What every resolver gets: the caller, billing's dependencies and this request's loaders. */
export interface BillingContext extends CallerContext {
  caller: Caller;
  deps: BillingDeps;
  load: ReturnType<typeof createLoaders>;
}

/** Per-request loaders: one query per table per tick, whatever the query's shape. */
export function createLoaders(deps: BillingDeps, caller: Caller) {
  const loader = <T extends Table>(table: T) =>
    new DataLoader(async (ids: readonly string[]) => {
      const rows = (await byIds(deps, caller, table, ids)) as (Awaited<
        ReturnType<typeof byIds<T>>
      >[number] & { id: string })[];
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  return {
    client: loader('clients'),
    matter: loader('matters'),
    invoice: loader('invoices'),
    payment: loader('payments'),
    timekeeper: loader('timekeepers'),
    practiceArea: loader('practice_areas'),
    creditBreaches: new DataLoader(async (clientIds: readonly string[]) => {
      const rows = await activeCreditBreachesOf(deps, caller, clientIds);
      return clientIds.map((clientId) => rows.filter((row) => row.client_id === clientId));
    }),
  };
}
