import { serviceTopicFor } from '@lexfin/contracts';
import { envEncryptionKey, requireKeyInProduction, sealedBoxFor } from '@lexfin/platform';
import { defineService } from '@lexfin/service-kit';
import { observePostingBatchSizes } from './app/journal/engine/queue';
import { billingReplicaHandlers } from './consumers/billing-replica';
import { appendOnlyTables, trustMigrations } from './db/migrations';
import { trustGraphQLContext } from './graphql/context';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import { reportRoutes } from './http/report-routes';
import { startReconciliationDueJobs } from './jobs/reconciliation-due';

/** Client trust money: its subgraph, report downloads, billing's replica and the due sweep. */
export const trustAccountingService = defineService({
  name: 'trust-accounting',
  port: 4002,
  database: { name: 'lexfin_trust', migrations: trustMigrations, appendOnlyTables },
  redis: true,
  // Bank statement files arrive whole in importBankStatement's GraphQL body.
  bodyLimitBytes: 50 * 1024 * 1024,
  config: { TRUST_ACCOUNT_NUMBER_KEY: envEncryptionKey() },
  configRules: (config, ctx) => requireKeyInProduction(config, ctx, 'TRUST_ACCOUNT_NUMBER_KEY'),
  dependencies: ({ db, config, metrics, clock }) => {
    observePostingBatchSizes(
      db,
      metrics.histogram({
        name: 'trust_posting_batch_commands',
        help: 'Commands per posting batch (group commit on one trust account)',
        buckets: [1, 2, 4, 8, 16, 32, 64, 128],
      }),
    );
    return {
      db,
      accountNumbers: sealedBoxFor(config.TRUST_ACCOUNT_NUMBER_KEY, 'trust account numbers'),
      clock,
    };
  },
  subgraph: { typeDefs, resolvers, context: trustGraphQLContext },
  routes: reportRoutes,
  consumers: [
    {
      group: 'trust-accounting.billing-replica',
      topics: [serviceTopicFor('billing')],
      handlers: () => billingReplicaHandlers,
    },
  ],
  jobs: [
    {
      name: 'reconciliation-due',
      start: ({ db }, resources) => startReconciliationDueJobs({ db, ...resources }),
    },
  ],
});
