import type { GraphQLResolverMap } from '@apollo/subgraph';
import type { TrustGraphQLContext } from './context';
import { mutationResolvers } from './mutation-resolvers';
import { queryResolvers } from './query-resolvers';

type Reference = { id: string };

export const resolvers: GraphQLResolverMap<TrustGraphQLContext> = {
  Query: queryResolvers,
  Mutation: mutationResolvers,
  Client: {
    __resolveReference: (reference: Reference) => ({ id: reference.id }),
    trustBalance: (client: Reference, _args: unknown, context: TrustGraphQLContext) =>
      context.clientBalances.load(client.id),
  },
  Matter: {
    __resolveReference: (reference: Reference) => ({ id: reference.id }),
    trustBalance: (matter: Reference, _args: unknown, context: TrustGraphQLContext) =>
      context.matterBalances.load(matter.id),
  },
} as GraphQLResolverMap<TrustGraphQLContext>;
