import DataLoader from 'dataloader';
import type { CallerContext } from '@lexfin/subgraph';
import type { Actor, BillingDeps } from '../app/context';
import { byIds } from '../app/queries';

type Table = 'clients' | 'matters' | 'invoices' | 'payments' | 'timekeepers';

export interface BillingContext extends CallerContext {
  actor: Actor;
  deps: BillingDeps;
  load: ReturnType<typeof createLoaders>;
}

/** Per-request loaders: one query per table per tick, whatever the query's shape. */
export function createLoaders(deps: BillingDeps, actor: Actor) {
  const loader = <T extends Table>(table: T) =>
    new DataLoader(async (ids: readonly string[]) => {
      const rows = (await byIds(deps, actor, table, ids)) as (Awaited<
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
  };
}

export function actorOf(caller: CallerContext): Actor {
  const { identity } = caller;
  return {
    firmId: identity.firmId,
    userId: identity.userId,
    roles: identity.roles,
    ...(identity.clientId === undefined ? {} : { clientId: identity.clientId }),
    correlationId: caller.correlationId,
  };
}
