import DataLoader from 'dataloader';
import type { RequestScope } from '@lexfin/service-kit';
import { arrangementsOfClients, type ClientArrangements } from '../app/cases/arrangement-views';
import { casesOfClients, casesOfInvoices, type CaseView } from '../app/cases/case-queries';
import type { CollectionsDependencies, CollectionsScope } from '../app/collections-scope';

export interface CollectionsGraphQLContext {
  /** The collections books as this request's caller sees them. */
  scope: CollectionsScope;
  /** Per request: the cases of many invoices / clients in one query each. */
  invoiceCases: DataLoader<string, CaseView | null>;
  clientCases: DataLoader<string, CaseView[]>;
  /** Per request: the promises, plans and disputes of many clients in one read. */
  clientArrangements: DataLoader<string, ClientArrangements>;
}

export function collectionsGraphQLContext({
  caller,
  deps,
}: RequestScope<CollectionsDependencies>): CollectionsGraphQLContext {
  const scope: CollectionsScope = { ...deps, caller };
  return {
    scope,
    invoiceCases: new DataLoader(async (ids) => {
      const cases = await casesOfInvoices(scope, ids);
      return ids.map((id) => cases.get(id) ?? null);
    }),
    clientCases: new DataLoader(async (ids) => {
      const cases = await casesOfClients(scope, ids);
      return ids.map((id) => cases.get(id) ?? []);
    }),
    clientArrangements: new DataLoader(async (ids) => {
      const found = await arrangementsOfClients(scope, ids);
      return ids.map((id) => found.get(id) ?? { promises: [], plans: [], disputes: [] });
    }),
  };
}
