import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Messaging, RunningConsumer } from '@lexfin/messaging';
import {
  createHttpApp,
  type Authenticator,
  type HttpApp,
  type Logger,
  type ReadinessCheck,
  type ShutdownStep,
} from '@lexfin/platform';
import { registerSubgraph } from '@lexfin/subgraph';
import type { WebhooksDependencies } from './app/context';
import { startFanOut } from './consumers/fan-out';
import type { WebhooksDatabase } from './db/schema';
import { AddressPolicy } from './domain/address-policy';
import {
  ATTEMPT_TIMEOUT_MS,
  DELIVERY_SCHEDULE_MS,
  DISABLE_AFTER_FAILING_MS,
  RESPONSE_BODY_LOG_BYTES,
} from './domain/retry-schedule';
import { SecretBox } from './domain/signing-secrets';
import type { WebhooksGraphQLContext } from './graphql/context';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import { DestinationVetter, type Resolve } from './outbound/destinations';
import { DeliveryQueue } from './jobs/delivery-queue';
import { startDeliveryWorker } from './jobs/delivery-worker';

export interface WebhooksServiceDependencies {
  db: Kysely<WebhooksDatabase>;
  logger: Logger;
  authenticator: Authenticator;
  messaging: Messaging;
  /** BullMQ's connection (maxRetriesPerRequest: null); the caller closes it. */
  redis: Redis;
  redisPrefix: string;
  /** 32 bytes sealing the signing secrets at rest. */
  secretEncryptionKey: Buffer;
  /** WEBHOOK_ALLOWED_HOSTS: private hosts or addresses receivers may nevertheless have. */
  allowedHosts: readonly string[];
  /** Extra readiness checks (the database, Kafka); Redis is checked here. */
  readiness: Record<string, ReadinessCheck>;
  consumerGroup?: string;
  deliveryConcurrency?: number;
  /** Tests shorten these; production uses the schedule and limits. */
  schedule?: readonly number[];
  disableAfterFailingMs?: number;
  attemptTimeoutMs?: number;
  clock?: () => Date;
  resolve?: Resolve;
}

export interface WebhooksService {
  /** The GraphQL subgraph and probes, ready to listen. */
  app: HttpApp;
  /** Everything but the HTTP server, in the order to close it. */
  shutdownSteps: ShutdownStep[];
}

/** The webhooks service: subgraph, fan-out consumer and delivery worker, from its dependencies. */
export async function startWebhooksService(
  deps: WebhooksServiceDependencies,
): Promise<WebhooksService> {
  const schedule = deps.schedule ?? DELIVERY_SCHEDULE_MS;
  const clock = deps.clock ?? (() => new Date());
  const secrets = new SecretBox(deps.secretEncryptionKey);
  const destinations = new DestinationVetter(new AddressPolicy(deps.allowedHosts), deps.resolve);
  const queue = new DeliveryQueue({ connection: deps.redis, prefix: deps.redisPrefix, schedule });
  const shared: WebhooksDependencies = {
    db: deps.db,
    secrets,
    destinations,
    deliveries: queue,
    clock,
  };
  const worker: Worker = startDeliveryWorker({
    connection: deps.redis,
    prefix: deps.redisPrefix,
    logger: deps.logger,
    concurrency: deps.deliveryConcurrency,
    attempts: {
      ...shared,
      schedule,
      disableAfterFailingMs: deps.disableAfterFailingMs ?? DISABLE_AFTER_FAILING_MS,
      timeoutMs: deps.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS,
      maxResponseBodyBytes: RESPONSE_BODY_LOG_BYTES,
    },
  });
  const fanOut: RunningConsumer = await startFanOut({
    messaging: deps.messaging,
    db: deps.db,
    deliveries: queue,
    consumerGroup: deps.consumerGroup ?? 'webhooks-fan-out',
  });

  const app = createHttpApp({
    service: 'webhooks',
    logger: deps.logger,
    authenticator: deps.authenticator,
    readiness: {
      ...deps.readiness,
      redis: async () => {
        await deps.redis.ping();
      },
    },
  });
  await registerSubgraph<WebhooksGraphQLContext>({
    app,
    typeDefs,
    resolvers,
    authenticator: deps.authenticator,
    context: (caller) => ({
      ...caller,
      command: { ...shared, identity: caller.identity, correlationId: caller.correlationId },
    }),
  });
  return {
    app,
    shutdownSteps: [
      { name: 'fan-out consumer', close: () => fanOut.stop() },
      { name: 'delivery worker', close: () => worker.close() },
      { name: 'delivery queue', close: () => queue.close() },
    ],
  };
}
