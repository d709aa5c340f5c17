import type { RequestScope } from '@lexfin/service-kit';
import type { CollectionsDependencies, CollectionsScope } from '../app/collections-scope';

export interface CollectionsGraphQLContext {
  /** The collections books as this request's caller sees them. */
  scope: CollectionsScope;
}

export function collectionsGraphQLContext({
  caller,
  deps,
}: RequestScope<CollectionsDependencies>): CollectionsGraphQLContext {
  return { scope: { ...deps, caller } };
}
