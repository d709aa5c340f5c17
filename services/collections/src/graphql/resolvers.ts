import type { GraphQLResolverMap } from '@apollo/subgraph';
import { caseMutationResolvers, caseQueryResolvers, caseTypeResolvers } from './case-resolvers';
import type { CollectionsGraphQLContext } from './context';
import { receivablesQueryResolvers } from './receivables-resolvers';

export const resolvers = {
  Query: { ...receivablesQueryResolvers, ...caseQueryResolvers },
  Mutation: caseMutationResolvers,
  ...caseTypeResolvers,
} as GraphQLResolverMap<CollectionsGraphQLContext>;
