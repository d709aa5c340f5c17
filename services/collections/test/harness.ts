import { encodeEvent, type EventEnvelope } from '@lexfin/contracts';
import type { Messaging, Publisher } from '@lexfin/messaging';
import { inFirmTransaction } from '@lexfin/persistence';
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
import { runDueSteps } from '../src/app/cases/ladder-step';
import type { CollectionsDependencies } from '../src/app/collections-scope';
import { creditGradeHandlers } from '../src/consumers/credit-grades';
import { receivablesReplicaHandlers } from '../src/consumers/receivables-replica';
import { appendOnlyTables, collectionsMigrations } from '../src/db/migrations';
import type { CollectionsDatabase } from '../src/db/schema';
import { collectionsService } from '../src/service';

/** A clock tests move by hand. */
export class TestClock {
  constructor(private current: Date) {}
  now = (): Date => new Date(this.current);
  set(to: Date | string): void {
    this.current = new Date(to);
  }
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}

export interface CollectionsHarness {
  database: TestDatabase<CollectionsDatabase>;
  deps: CollectionsDependencies;
  url: string;
  clock: TestClock;
  messaging: Messaging;
  /** The replica consumer's group (its dead-letter topic is lexfin.dlq.<group>). */
  consumerGroup: string;
  as(firmId: string, roles: Role[], userId?: string, clientId?: string): Promise<GraphQLClient>;
  /** Publishes events on Kafka, as billing and credit-assessment would. */
  publish(events: EventEnvelope<unknown>[]): Promise<void>;
  /** Publishes a record as it is, for what billing would never send (a poison message). */
  publishRaw(topic: string, key: string, value: string): Promise<void>;
  /** Applies events through the consumer's own handlers, without Kafka (fast set-up). */
  seed(firmId: string, events: EventEnvelope<unknown>[]): Promise<void>;
  /** The sweep the job scheduler runs every minute, at the clock's moment. */
  sweep(): ReturnType<typeof runDueSteps>;
  /** The stages an invoice reached, oldest first, as 'YYYY-MM-DD STAGE' (UTC day). */
  stagesOf(firmId: string, invoiceId: string): Promise<string[]>;
  /** The data of the firm's events of a type in the outbox. */
  eventsOf(firmId: string, type: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/**
 * The service as it runs, on a fresh database, on a clock the test moves. The replica consumer
 * and jobs run only when asked for (a consumer group join takes a while; most tests seed events
 * through the same handlers directly).
 */
export async function startCollectionsHarness(
  options: {
    consumers?: boolean;
    jobs?: boolean;
    start?: string;
    smtpUrl?: string;
  } = {},
): Promise<CollectionsHarness> {
  const clock = new TestClock(new Date(options.start ?? '2026-01-05T15:00:00Z'));
  const database = await createTestDatabase<CollectionsDatabase>({
    label: 'collections',
    migrations: collectionsMigrations,
    appendOnlyTables,
  });
  const messaging = createTestMessaging(uniqueName('collections-test'));
  const suffix = uniqueName('-t');
  const service = await startService(collectionsService, {
    database: database.app,
    messaging,
    clock: clock.now,
    consumerGroupSuffix: suffix,
    redisPrefix: uniqueRedisPrefix(),
    logger: createLogger({ service: 'collections-test', level: 'silent' }),
    ...(options.smtpUrl ? { env: { ...process.env, COLLECTIONS_SMTP_URL: options.smtpUrl } } : {}),
    without: [
      ...(options.jobs ? [] : (['jobs'] as const)),
      ...(options.consumers ? [] : (['consumers'] as const)),
    ],
  });
  const handlers = {
    ...receivablesReplicaHandlers(clock.now),
    ...creditGradeHandlers(clock.now),
  };
  let publisher: Publisher | undefined;
  const url = `${service.url}/graphql`;
  return {
    database,
    deps: service.deps as CollectionsDependencies,
    url,
    clock,
    messaging,
    consumerGroup: `collections.receivables-replica${suffix}`,
    async as(firmId, roles, userId, clientId) {
      return graphqlClient(url, await mintToken({ firmId, roles, userId, clientId }));
    },
    async publish(events) {
      publisher ??= await messaging.connectPublisher();
      await publisher.publish(events.map(encodeEvent));
    },
    async publishRaw(topic, key, value) {
      publisher ??= await messaging.connectPublisher();
      await publisher.publish([{ topic, key, value, headers: {} }]);
    },
    sweep: () => runDueSteps(service.deps as CollectionsDependencies),
    async stagesOf(firmId, invoiceId) {
      const rows = await database.owner.db
        .selectFrom('ladder_steps')
        .select(['stage_kind', 'at'])
        .where('firm_id', '=', firmId)
        .where('invoice_id', '=', invoiceId)
        .orderBy('at')
        .execute();
      return rows.map((row) => `${row.at.toISOString().slice(0, 10)} ${row.stage_kind}`);
    },
    async eventsOf(firmId, type) {
      const rows = await database.owner.db
        .selectFrom('outbox')
        .select('payload')
        .where('firm_id', '=', firmId)
        .where('event_type', '=', type)
        .execute();
      return rows.map((row) => (JSON.parse(row.payload) as { data: Record<string, unknown> }).data);
    },
    seed: (firmId, events) =>
      inFirmTransaction(database.app.db, firmId, async (tx) => {
        for (const event of events) await handlers[event.type]!(tx, event);
      }),
    async close() {
      await service.close();
      await publisher?.disconnect();
      await messaging.close();
      await database.drop();
    },
  };
}
