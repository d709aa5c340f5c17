import type { Kysely } from 'kysely';
import { serviceTopicFor } from '@lexfin/contracts';
import { defineService } from '@lexfin/service-kit';
import type { CollectionsDependencies } from './app/collections-scope';
import { creditGradeHandlers } from './consumers/credit-grades';
import { receivablesReplicaHandlers } from './consumers/receivables-replica';
import { appendOnlyTables, collectionsMigrations } from './db/migrations';
import type { CollectionsDatabase } from './db/schema';
import { collectionsGraphQLContext } from './graphql/context';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import { receivablesRoutes } from './http/receivables-routes';

/** Collections: billing's receivables replica, aging and KPIs, cases and their ladders. */
export const collectionsService = defineService({
  name: 'collections',
  port: 4004,
  database: { name: 'lexfin_collections', migrations: collectionsMigrations, appendOnlyTables },
  redis: true,
  dependencies: ({ db, clock }): CollectionsDependencies => ({
    db: db as Kysely<CollectionsDatabase>,
    clock,
  }),
  subgraph: { typeDefs, resolvers, context: collectionsGraphQLContext },
  routes: receivablesRoutes,
  consumers: [
    {
      group: 'collections.receivables-replica',
      topics: [serviceTopicFor('billing'), serviceTopicFor('credit')],
      handlers: ({ clock }) => ({
        ...receivablesReplicaHandlers(clock),
        ...creditGradeHandlers(clock),
      }),
    },
  ],
});
