import { randomUUID } from 'node:crypto';
import { serviceTopicFor } from '@lexfin/contracts';
import type { Messaging } from '@lexfin/messaging';
import { createLogger, type Role } from '@lexfin/platform';
import { startService, type RunningService } from '@lexfin/service-kit';
import {
  createTestMessaging,
  createTestDatabase,
  graphqlClient,
  mintToken,
  startMessageCollector,
  uniqueName,
  uniqueRedisPrefix,
  type GraphQLClient,
  type MessageCollector,
  type TestDatabase,
} from '@lexfin/testing';
import type { BillingServiceDeps } from '../../src/app/deps';
import { addSeededPracticeArea } from './fixtures';
import type { BillingDatabase } from '../../src/db/tables';
import { billingMigrations } from '../../src/db/migrations';
import { billingService } from '../../src/service';

export interface Harness {
  database: TestDatabase<BillingDatabase>;
  messaging: Messaging;
  service: RunningService<BillingServiceDeps>;
  url: string;
  redisPrefix: string;
  /** Moves the service's clock (the daily job, default dates). */
  setNow(instant: string): void;
  as(caller: {
    firmId: string;
    roles: Role[];
    clientId?: string;
    userId?: string;
  }): Promise<GraphQLClient>;
  /** Collects the billing events of one firm from Kafka, until the harness closes. */
  collectEvents(firmId: string): Promise<MessageCollector>;
  close(): Promise<void>;
}

/** The billing service on 127.0.0.1, port 0, against a fresh database, Kafka and its own Redis prefix. */
export async function startHarness(): Promise<Harness> {
  const database = await createTestDatabase<BillingDatabase>({
    label: 'billing',
    migrations: billingMigrations,
  });
  const messaging = createTestMessaging(uniqueName('billing-test'));
  let now = new Date('2026-04-01T12:00:00Z');
  const redisPrefix = uniqueRedisPrefix();
  const service = await startService(billingService, {
    database: database.app,
    messaging,
    redisPrefix,
    consumerGroupSuffix: uniqueName('-t'),
    logger: createLogger({ service: 'billing-test', level: 'silent' }),
    clock: () => now,
  });
  const base = service.url;
  const collectors: MessageCollector[] = [];
  const seededFirms = new Set<string>();
  return {
    database,
    messaging,
    service,
    url: base,
    redisPrefix,
    setNow(instant) {
      now = new Date(instant);
    },
    async as(caller) {
      // Every firm starts with the practice area setUpMatter opens its matters in.
      if (!seededFirms.has(caller.firmId)) {
        seededFirms.add(caller.firmId);
        const admin = graphqlClient(
          `${base}/graphql`,
          await mintToken({ firmId: caller.firmId, roles: ['firm_admin'] }),
        );
        await addSeededPracticeArea(admin);
      }
      return graphqlClient(`${base}/graphql`, await mintToken(caller));
    },
    async collectEvents(firmId) {
      const collector = await startMessageCollector(
        messaging,
        [serviceTopicFor('billing')],
        (message) => Boolean(message.key?.startsWith(firmId)),
      );
      collectors.push(collector);
      return collector;
    },
    async close() {
      await Promise.all(collectors.map((collector) => collector.stop()));
      await service.close();
      await messaging.close();
      await database.drop();
    },
  };
}

export const newFirm = () => randomUUID();
