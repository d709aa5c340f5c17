import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { encodeEvent, type EventEnvelope } from '@lexfin/contracts';
import {
  createKafkaMessaging,
  kafkaSettingsFromEnv,
  silentLogger,
  type Messaging,
  type Publisher,
} from '@lexfin/messaging';
import { createAuthenticator, createLogger, type Role } from '@lexfin/platform';
import {
  createTestDatabase,
  graphqlClient,
  mintToken,
  redisUrl,
  uniqueName,
  uniqueRedisPrefix,
  type GraphQLClient,
  type TestDatabase,
} from '@lexfin/testing';
import { appendOnlyTables, webhookMigrations } from '../src/db/migrations';
import type { WebhooksDatabase } from '../src/db/schema';
import type { Resolve } from '../src/outbound/destinations';
import { startWebhooksService, type WebhooksService } from '../src/service';

/** The retry schedule in milliseconds instead of hours: eight attempts, then failed. */
export const FAST_SCHEDULE = [0, 40, 40, 40, 40, 40, 40, 40];

export interface HarnessOptions {
  allowedHosts?: string[];
  resolve?: Resolve;
}

export interface WebhooksHarness {
  database: TestDatabase<WebhooksDatabase>;
  service: WebhooksService;
  messaging: Messaging;
  as(firmId: string, roles: Role[]): Promise<GraphQLClient>;
  /** Publishes events on Kafka as the services owning them would. */
  publish(events: EventEnvelope<unknown>[]): Promise<void>;
  close(): Promise<void>;
}

export async function startWebhooksHarness(options: HarnessOptions = {}): Promise<WebhooksHarness> {
  const database = await createTestDatabase<WebhooksDatabase>({
    label: 'webhooks',
    migrations: webhookMigrations,
    appendOnlyTables,
  });
  const messaging = createKafkaMessaging(
    kafkaSettingsFromEnv(uniqueName('webhooks-test')),
    silentLogger,
  );
  const redis = new Redis(redisUrl(), { maxRetriesPerRequest: null });
  const service = await startWebhooksService({
    db: database.app.db,
    logger: createLogger({ service: 'webhooks-test', level: 'silent' }),
    authenticator: createAuthenticator({ jwtSecret: process.env.LEXFIN_JWT_SECRET }),
    messaging,
    redis,
    redisPrefix: uniqueRedisPrefix(),
    secretEncryptionKey: randomBytes(32),
    allowedHosts: options.allowedHosts ?? ['127.0.0.1'],
    readiness: {},
    consumerGroup: uniqueName('webhooks-fan-out'),
    schedule: FAST_SCHEDULE,
    attemptTimeoutMs: 2_000,
    resolve: options.resolve,
  });
  await service.app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(service.app.server.address() as { port: number }).port}/graphql`;
  let publisher: Publisher | undefined;
  return {
    database,
    service,
    messaging,
    async as(firmId, roles) {
      return graphqlClient(url, await mintToken({ firmId, roles }));
    },
    async publish(events) {
      publisher ??= await messaging.connectPublisher();
      await publisher.publish(events.map(encodeEvent));
    },
    async close() {
      await service.app.close();
      for (const step of service.shutdownSteps) await step.close();
      await messaging.close();
      await redis.quit();
      await database.drop();
    },
  };
}
