import type { GraphQLResolverMap } from '@apollo/subgraph';
import type { CollectionsGraphQLContext } from './context';
import { receivablesQueryResolvers } from './receivables-resolvers';

export const resolvers = {
  Query: { ...receivablesQueryResolvers },
} as GraphQLResolverMap<CollectionsGraphQLContext>;
