import { encodeEvent, type EventEnvelope } from '@lexfin/contracts';
import type { Messaging, Publisher } from '@lexfin/messaging';
import { handleOnce, inFirmTransaction } from '@lexfin/persistence';
import { createLogger, type Role } from '@lexfin/platform';
import { startService } from '@lexfin/service-kit';
import {
  createTestDatabase,
  createTestMessaging,
  graphqlClient,
  mintToken,
  uniqueName,
  uniqueRedisPrefix,
  type GraphQLClient,
  type TestDatabase,
} from '@lexfin/testing';
import type { CreditDeps } from '../src/app/deps';
import { fromStoredJson } from '../src/app/json';
import { CREDIT_FILE_GROUP, creditFileHandlers } from '../src/consumers/credit-file';
import { appendOnlyTables, creditMigrations } from '../src/db/migrations';
import type { CreditDatabase } from '../src/db/schema';
import type { CreditFeatures } from '../src/domain/features';
import { creditAssessmentService } from '../src/service';

export interface CreditHarness {
  database: TestDatabase<CreditDatabase>;
  deps: CreditDeps;
  url: string;
  messaging: Messaging;
  redisPrefix: string;
  /** Sets the service's clock (every fact is recorded, every profile assessed, at this instant). */
  setNow(now: Date): void;
  as(firmId: string, roles: Role[], userId?: string, clientId?: string): Promise<GraphQLClient>;
  /** Publishes events on Kafka, as billing and trust would. */
  publish(events: EventEnvelope<unknown>[]): Promise<void>;
  /** Delivers events through the consumer's inbox and handlers, as Kafka would, without Kafka. */
  deliver(events: EventEnvelope<unknown>[]): Promise<void>;
  /** The stored live profile's features of a client. */
  storedFeatures(firmId: string, clientId: string): Promise<CreditFeatures | undefined>;
  close(): Promise<void>;
}

export async function startCreditHarness(
  options: { consumers?: boolean; relay?: boolean; jobs?: boolean; now?: Date } = {},
): Promise<CreditHarness> {
  const database = await createTestDatabase<CreditDatabase>({
    label: 'credit',
    migrations: creditMigrations,
    appendOnlyTables,
  });
  const messaging = createTestMessaging(uniqueName('credit-test'));
  let now = options.now ?? new Date('2026-06-30T15:00:00Z');
  const redisPrefix = uniqueRedisPrefix();
  const service = await startService(creditAssessmentService, {
    database: database.app,
    messaging,
    clock: () => now,
    consumerGroupSuffix: uniqueName('-t'),
    redisPrefix,
    logger: createLogger({ service: 'credit-test', level: 'silent' }),
    without: [
      ...(options.jobs ? [] : (['jobs'] as const)),
      ...(options.consumers ? [] : (['consumers'] as const)),
      ...(options.relay ? [] : (['relay'] as const)),
    ],
  });
  const deps = service.deps;
  const handlers = creditFileHandlers(deps);
  const url = `${service.url}/graphql`;
  let publisher: Publisher | undefined;
  return {
    database,
    deps,
    url,
    messaging,
    redisPrefix,
    setNow(instant) {
      now = instant;
    },
    async as(firmId, roles, userId, clientId) {
      return graphqlClient(url, await mintToken({ firmId, roles, userId, clientId }));
    },
    async publish(events) {
      publisher ??= await messaging.connectPublisher();
      await publisher.publish(events.map(encodeEvent));
    },
    async deliver(events) {
      for (const event of events) {
        const handler = handlers[event.type];
        if (!handler) continue;
        await inFirmTransaction(deps.db, event.firmid, (tx) =>
          handleOnce(
            tx,
            {
              consumerGroup: CREDIT_FILE_GROUP,
              eventId: event.id,
              eventType: event.type,
              firmId: event.firmid,
            },
            () => handler(tx, event),
          ),
        );
      }
    },
    async storedFeatures(firmId, clientId) {
      const row = await inFirmTransaction(deps.db, firmId, (tx) =>
        tx
          .selectFrom('client_profiles')
          .select('features')
          .where('client_id', '=', clientId)
          .executeTakeFirst(),
      );
      return row ? fromStoredJson<CreditFeatures>(row.features) : undefined;
    },
    async close() {
      await service.close();
      await publisher?.disconnect();
      await messaging.close();
      await database.drop();
    },
  };
}
