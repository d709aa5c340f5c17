import type { GraphQLResolverMap } from '@apollo/subgraph';
import {
  arrangementMutationResolvers,
  caseArrangementResolvers,
  portalQueryResolvers,
} from './arrangement-resolvers';
import { caseEndMutationResolvers } from './case-end-resolvers';
import { caseMutationResolvers, caseQueryResolvers, caseTypeResolvers } from './case-resolvers';
import type { CollectionsGraphQLContext } from './context';
import { effectivenessQueryResolvers } from './effectiveness-resolvers';
import { policyMutationResolvers, policyQueryResolvers } from './policy-resolvers';
import { receivablesQueryResolvers } from './receivables-resolvers';

export const resolvers = {
  Query: {
    ...receivablesQueryResolvers,
    ...caseQueryResolvers,
    ...policyQueryResolvers,
    ...portalQueryResolvers,
    ...effectivenessQueryResolvers,
  },
  Mutation: {
    ...caseMutationResolvers,
    ...caseEndMutationResolvers,
    ...policyMutationResolvers,
    ...arrangementMutationResolvers,
  },
  ...caseTypeResolvers,
  CollectionCase: { ...caseTypeResolvers.CollectionCase, ...caseArrangementResolvers },
} as GraphQLResolverMap<CollectionsGraphQLContext>;
