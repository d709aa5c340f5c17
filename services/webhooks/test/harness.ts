import { randomBytes } from 'node:crypto';
import { encodeEvent, type EventEnvelope } from '@lexfin/contracts';
import type { Messaging, Publisher } from '@lexfin/messaging';
import { createLogger, type Role } from '@lexfin/platform';
import { startService, type RunningService } from '@lexfin/service-kit';
import {
  createTestMessaging,
  createTestDatabase,
  graphqlClient,
  mintToken,
  uniqueName,
  uniqueRedisPrefix,
  type GraphQLClient,
  type TestDatabase,
} from '@lexfin/testing';
import { appendOnlyTables, webhookMigrations } from '../src/db/migrations';
import type { WebhooksDatabase } from '../src/db/schema';
import type { Resolve } from '../src/outbound/destinations';
import { webhooksServiceWith } from '../src/service';

/** The retry schedule in milliseconds instead of hours: eight attempts, then failed. */
export const FAST_SCHEDULE = [0, 40, 40, 40, 40, 40, 40, 40];

export interface HarnessOptions {
  allowedHosts?: string[];
  resolve?: Resolve;
}

export interface WebhooksHarness {
  database: TestDatabase<WebhooksDatabase>;
  service: RunningService<unknown>;
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
  const messaging = createTestMessaging(uniqueName('webhooks-test'));
  const service = await startService(
    webhooksServiceWith({
      schedule: FAST_SCHEDULE,
      attemptTimeoutMs: 2_000,
      resolve: options.resolve,
    }),
    {
      // The service reads its configuration as in production; the pool is the test's own.
      env: {
        ...process.env,
        WEBHOOK_SECRET_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        WEBHOOK_ALLOWED_HOSTS: (options.allowedHosts ?? ['127.0.0.1']).join(','),
      },
      database: database.app,
      messaging,
      redisPrefix: uniqueRedisPrefix(),
      consumerGroupSuffix: uniqueName('-t'),
      logger: createLogger({ service: 'webhooks-test', level: 'silent' }),
    },
  );
  const url = `${service.url}/graphql`;
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
      await service.close();
      await messaging.close();
      await database.drop();
    },
  };
}
