import type { Kysely } from 'kysely';
import { z } from 'zod';
import { serviceTopicFor } from '@lexfin/contracts';
import { defineService } from '@lexfin/service-kit';
import type { CreditDeps } from './app/deps';
import { CREDIT_FILE_GROUP, creditFileBatch, creditFileHandlers } from './consumers/credit-file';
import { appendOnlyTables, creditMigrations } from './db/migrations';
import type { CreditDatabase } from './db/schema';
import { creditGraphQLContext } from './graphql/context';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import { DEFAULT_NIGHTLY_JOB_PATTERN, nightlyRescoreJob } from './jobs/nightly-rescore';

/** Client credit: the credit file from billing's and trust's events, profiles, policy, decisions. */
export const creditAssessmentService = defineService({
  name: 'credit-assessment',
  port: 4003,
  database: { name: 'lexfin_credit', migrations: creditMigrations, appendOnlyTables },
  redis: true,
  config: { CREDIT_NIGHTLY_JOB_CRON: z.string().min(9).optional() },
  dependencies: ({ db, clock, config }): CreditDeps => ({
    db: db as Kysely<CreditDatabase>,
    clock,
    nightlyJobPattern: config.CREDIT_NIGHTLY_JOB_CRON ?? DEFAULT_NIGHTLY_JOB_PATTERN,
  }),
  subgraph: { typeDefs, resolvers, context: creditGraphQLContext },
  consumers: [
    {
      group: CREDIT_FILE_GROUP,
      topics: [
        serviceTopicFor('billing'),
        serviceTopicFor('trust'),
        serviceTopicFor('collections'),
      ],
      handlers: creditFileHandlers,
      batchHandler: creditFileBatch,
      // Handlers lock per client, so partitions are independent. Each handler holds one of the
      // pool's 10 connections for its transaction (mostly waiting on round trips, Postgres has
      // 2 cores): 4 at once keep both cores busy and leave 6 for the outbox relay, GraphQL and
      // the nightly re-score.
      partitionsConsumedConcurrently: 4,
    },
  ],
  jobs: [nightlyRescoreJob],
});
