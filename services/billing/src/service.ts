import { z } from 'zod';
import { serviceTopicFor } from '@lexfin/contracts';
import { defineService } from '@lexfin/service-kit';
import type { BillingServiceDeps } from './app/deps';
import { collectionsRequestHandlers } from './consumers/collections-requests';
import { creditLimitHandlers } from './consumers/credit-limits';
import { TRUST_TRANSFER_TYPE, trustTransferHandler } from './consumers/trust-transfers';
import { billingMigrations } from './db/migrations';
import { createLoaders } from './graphql/loaders';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import { billingRoutes } from './http/routes';
import { dailyBillingJob, DEFAULT_DAILY_JOB_PATTERN } from './jobs/daily-billing';

const DEFAULT_REMITTANCE =
  'Pay by ACH or wire to the operating account shown on your engagement letter, or by card through the client portal.';

/** Billing as the kit runs it: clients, matters, work, invoices, payments, LEDES. */
export const billingService = defineService({
  name: 'billing',
  port: 4001,
  database: { name: 'lexfin_billing', migrations: billingMigrations },
  redis: true,
  config: {
    BILLING_REMITTANCE_DETAILS: z.string().min(1).optional(),
    BILLING_DAILY_JOB_CRON: z.string().min(9).optional(),
  },
  dependencies: ({ db, clock, config }): BillingServiceDeps => ({
    db,
    clock,
    remittanceDetails: config.BILLING_REMITTANCE_DETAILS ?? DEFAULT_REMITTANCE,
    dailyJobPattern: config.BILLING_DAILY_JOB_CRON ?? DEFAULT_DAILY_JOB_PATTERN,
  }),
  subgraph: {
    typeDefs,
    resolvers,
    context: ({ caller, deps }) => ({ load: createLoaders(deps, caller) }),
  },
  routes: billingRoutes,
  consumers: [
    {
      group: 'billing',
      topics: [serviceTopicFor('trust')],
      handlers: (deps) => ({ [TRUST_TRANSFER_TYPE]: trustTransferHandler(deps) }),
    },
    {
      // A group of its own: a credit event retried or dead-lettered never holds up trust's.
      group: 'billing.credit-limits',
      topics: [serviceTopicFor('credit')],
      handlers: () => creditLimitHandlers,
    },
    {
      // Collections' requests (a dispute's credit note, an approved write-off), on their own.
      group: 'billing.collections-requests',
      topics: [serviceTopicFor('collections')],
      handlers: (deps) => collectionsRequestHandlers(deps),
    },
  ],
  jobs: [dailyBillingJob],
});
