import { Redis } from 'ioredis';
import { serviceTopicFor } from '@lexfin/contracts';
import type { Messaging, RunningConsumer } from '@lexfin/messaging';
import { OutboxRelay, startEventConsumer, type Database } from '@lexfin/persistence';
import {
  createHttpApp,
  type Authenticator,
  type HttpApp,
  type Logger,
  type ShutdownStep,
} from '@lexfin/platform';
import { registerSubgraph } from '@lexfin/subgraph';
import type { BillingDeps } from './app/context';
import { TRUST_TRANSFER_TYPE, trustTransferHandler } from './consumers/trust-transfers';
import type { BillingDatabase } from './db/tables';
import { actorOf, createLoaders, type BillingContext } from './graphql/context';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import { registerBillingRoutes } from './http/routes';
import { startDailyBillingJobs, type DailyBillingJobs } from './jobs/daily-billing';

export interface BillingServiceOptions {
  database: Database<BillingDatabase>;
  messaging: Messaging;
  redisUrl: string;
  authenticator: Authenticator;
  logger: Logger;
  /** Redis key prefix for BullMQ (tests use one each). */
  redisPrefix?: string;
  consumerGroup?: string;
  clock?: () => Date;
  remittanceDetails?: string;
  dailyJobPattern?: string;
}

export interface BillingService {
  app: HttpApp;
  deps: BillingDeps;
  jobs: DailyBillingJobs;
  relay: OutboxRelay;
  /** Starts listening; resolves to the service's base URL. */
  listen(host: string, port?: number): Promise<string>;
  /** What to close, in order, after the HTTP server (graceful shutdown). */
  shutdownSteps: ShutdownStep[];
  close(): Promise<void>;
}

const DEFAULT_REMITTANCE =
  'Pay by ACH or wire to the operating account shown on your engagement letter, or by card through the client portal.';

/** Builds the whole billing service from its dependencies: HTTP, GraphQL, relay, consumer, jobs. */
export async function createBillingService(
  options: BillingServiceOptions,
): Promise<BillingService> {
  const { database, messaging, logger } = options;
  const deps: BillingDeps = { db: database.db, clock: options.clock ?? (() => new Date()) };
  // BullMQ workers block on Redis: their connection must retry forever, never fail a command.
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  await redis.connect();
  const app = createHttpApp({
    service: 'billing',
    logger,
    authenticator: options.authenticator,
    readiness: {
      database: () => database.checkReachable(),
      kafka: () => messaging.checkReachable(),
      redis: async () => void (await redis.ping()),
    },
  });
  await registerSubgraph<BillingContext>({
    app,
    typeDefs,
    resolvers: resolvers as never,
    authenticator: options.authenticator,
    context: (caller) => {
      const actor = actorOf(caller);
      return { ...caller, actor, deps, load: createLoaders(deps, actor) };
    },
  });
  registerBillingRoutes(app, {
    deps,
    remittanceDetails: options.remittanceDetails ?? DEFAULT_REMITTANCE,
  });

  const publisher = await messaging.connectPublisher();
  const relay = new OutboxRelay({ db: database.db, pool: database.pool, publisher, logger });
  await relay.start();
  const consumer: RunningConsumer = await startEventConsumer({
    messaging,
    db: database.db,
    consumerGroup: options.consumerGroup ?? 'billing',
    topics: [serviceTopicFor('trust')],
    handlers: { [TRUST_TRANSFER_TYPE]: trustTransferHandler(deps) },
  });
  const jobs = await startDailyBillingJobs({
    deps,
    connection: redis,
    logger,
    ...(options.redisPrefix ? { prefix: options.redisPrefix } : {}),
    ...(options.dailyJobPattern ? { pattern: options.dailyJobPattern } : {}),
  });

  const shutdownSteps: ShutdownStep[] = [
    { name: 'trust event consumer', close: () => consumer.stop() },
    { name: 'daily billing jobs', close: () => jobs.close() },
    {
      name: 'outbox relay',
      close: async () => {
        await relay.stop();
        // What committed before the stop still goes out before the process ends.
        await relay.flush();
      },
    },
    { name: 'kafka publisher', close: () => publisher.disconnect() },
    { name: 'redis', close: async () => void (await redis.quit()) },
  ];
  return {
    app,
    deps,
    jobs,
    relay,
    async listen(host, port) {
      return app.listen({ host, port });
    },
    shutdownSteps,
    async close() {
      await app.close();
      for (const step of shutdownSteps) await step.close();
    },
  };
}
