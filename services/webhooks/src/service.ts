import { z } from 'zod';
import { allTopics } from '@lexfin/contracts';
import {
  envEncryptionKey,
  envInteger,
  requireKeyInProduction,
  sealedBoxFor,
} from '@lexfin/platform';
import { defineService } from '@lexfin/service-kit';
import type { AttemptDependencies } from './app/attempts';
import type { WebhooksDependencies } from './app/dependencies';
import { fanOutMessages } from './consumers/fan-out';
import { appendOnlyTables, webhookMigrations } from './db/migrations';
import { AddressPolicy } from './domain/address-policy';
import {
  ATTEMPT_TIMEOUT_MS,
  DELIVERY_SCHEDULE_MS,
  DISABLE_AFTER_FAILING_MS,
  RESPONSE_BODY_LOG_BYTES,
} from './domain/retry-schedule';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import { DELIVERY_QUEUE, DeliveryQueue } from './jobs/delivery-queue';
import { startDeliveryWorker } from './jobs/delivery-worker';
import { DestinationVetter, type Resolve } from './outbound/destinations';

const config = {
  WEBHOOK_SECRET_ENCRYPTION_KEY: envEncryptionKey(),
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((host) => host.trim())
        .filter(Boolean),
    ),
  WEBHOOK_DELIVERY_CONCURRENCY: envInteger({
    min: 1,
    max: 500,
    example: 'how many deliveries may be in flight at once, e.g. 20',
  }).default(20),
  // A test platform's short schedule, so retries happen within its run; production keeps the
  // issue's schedule (DELIVERY_SCHEDULE_MS).
  WEBHOOK_RETRY_SCHEDULE_MS: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'must be delays in milliseconds separated by commas, e.g. 0,500,2000')
    .transform((list) => list.split(',').map(Number))
    .optional(),
  WEBHOOK_ATTEMPT_TIMEOUT_MS: envInteger({
    min: 100,
    max: 60_000,
    example: 'how long a receiver has to answer one attempt, e.g. 15000',
  }).optional(),
};

/** What tests change: the schedule and limits in milliseconds, host names they resolve. */
export interface WebhooksServiceOverrides {
  /** Delays between attempts; the schedule (DELIVERY_SCHEDULE_MS) otherwise. */
  schedule?: readonly number[];
  disableAfterFailingMs?: number;
  attemptTimeoutMs?: number;
  /** What a host name resolves to; DNS otherwise. */
  resolve?: Resolve;
}

interface WebhooksServiceDependencies extends WebhooksDependencies {
  deliveries: DeliveryQueue;
  /** What the delivery worker runs each attempt with. */
  attempts: AttemptDependencies;
  deliveryConcurrency: number;
}

/** The webhooks service, with the schedule, limits or resolver a test gives it. */
export function webhooksServiceWith(overrides: WebhooksServiceOverrides) {
  return defineService({
    name: 'webhooks',
    port: 4005,
    database: { name: 'lexfin_webhooks', migrations: webhookMigrations, appendOnlyTables },
    redis: true,
    config,
    configRules(values, ctx) {
      requireKeyInProduction(values, ctx, 'WEBHOOK_SECRET_ENCRYPTION_KEY');
    },
    dependencies(resources): WebhooksServiceDependencies {
      const { config: values, db, clock } = resources;
      const schedule =
        overrides.schedule ?? values.WEBHOOK_RETRY_SCHEDULE_MS ?? DELIVERY_SCHEDULE_MS;
      const shared = {
        db,
        secrets: sealedBoxFor(values.WEBHOOK_SECRET_ENCRYPTION_KEY, 'webhooks'),
        destinations: new DestinationVetter(
          new AddressPolicy(values.WEBHOOK_ALLOWED_HOSTS),
          overrides.resolve,
        ),
        clock,
      };
      return {
        ...shared,
        // `redis: true` above: the kit has opened it before building the dependencies.
        deliveries: new DeliveryQueue({
          connection: resources.redis!,
          prefix: resources.redisPrefix,
          schedule,
        }),
        attempts: {
          ...shared,
          schedule,
          disableAfterFailingMs: overrides.disableAfterFailingMs ?? DISABLE_AFTER_FAILING_MS,
          timeoutMs:
            overrides.attemptTimeoutMs ?? values.WEBHOOK_ATTEMPT_TIMEOUT_MS ?? ATTEMPT_TIMEOUT_MS,
          maxResponseBodyBytes: RESPONSE_BODY_LOG_BYTES,
          failedAttempts: resources.metrics.counter({
            name: 'webhook_failed_attempts_total',
            help: 'Webhook delivery attempts without a 2xx answer, by what came back',
            labelNames: ['outcome'] as const,
          }),
        },
        deliveryConcurrency: values.WEBHOOK_DELIVERY_CONCURRENCY,
      };
    },
    subgraph: { typeDefs, resolvers },
    consumers: [
      {
        group: 'webhooks-fan-out',
        topics: allTopics().map((topic) => topic.name),
        handle: fanOutMessages,
      },
    ],
    jobs: [
      {
        name: DELIVERY_QUEUE,
        start: async (deps, { connection, prefix, logger }) =>
          startDeliveryWorker({
            connection,
            prefix,
            logger,
            attempts: deps.attempts,
            concurrency: deps.deliveryConcurrency,
          }),
      },
    ],
    close: (deps) => deps.deliveries.close(),
  });
}

export const webhooksService = webhooksServiceWith({});
