import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { allTopics, serviceTopicFor } from '@lexfin/contracts';
import {
  createKafkaMessaging,
  silentLogger,
  type Messaging,
  type Publisher,
} from '@lexfin/messaging';
import {
  createTestDatabase,
  startKafkaMock,
  startMessageCollector,
  type KafkaMock,
  type TestDatabase,
  waitUntil,
} from '@lexfin/testing';
import { enqueueEvent, inFirmTransaction, OutboxRelay } from '../src';
import { clientUpdated, testMigrations, type TestSchema } from './fixtures';

// This file takes its own broker down, so it runs against a private mock broker, never the shared one.
let kafka: KafkaMock;
let messaging: Messaging;
let database: TestDatabase<TestSchema>;

beforeAll(async () => {
  kafka = await startKafkaMock({ topics: allTopics() });
  messaging = createKafkaMessaging(kafka.settings('outbox-reliability'), silentLogger, {
    createTopics: kafka.createTopics,
  });
  database = await createTestDatabase<TestSchema>({
    label: 'persistence',
    migrations: testMigrations,
  });
});

afterAll(async () => {
  await messaging.close();
  await kafka.stop();
  await database.drop();
});

const firmId = randomUUID();
const clientIds = Array.from({ length: 8 }, () => randomUUID());

/**
 * Like a service changing a client's balance: the client row is locked, its version bumped, and an
 * event carrying that version enqueued, so versions give the commit order per client.
 */
async function updateClient(clientId: string): Promise<void> {
  await inFirmTransaction(database.app.db, firmId, async (tx) => {
    const row = await tx
      .insertInto('client_replica')
      .values({ firm_id: firmId, client_id: clientId, display_name: 'v1', applied_updates: 1 })
      .onConflict((conflict) =>
        conflict
          .columns(['firm_id', 'client_id'])
          .doUpdateSet({ applied_updates: sql`client_replica.applied_updates + 1` }),
      )
      .returning('applied_updates')
      .executeTakeFirstOrThrow();
    await enqueueEvent(tx, clientUpdated(firmId, clientId, row.applied_updates));
  });
}

/** Concurrent writers: every client gets `count` updates, many in flight at once. */
async function writeUpdates(count: number): Promise<void> {
  await Promise.all(
    clientIds.flatMap((clientId) => Array.from({ length: count }, () => updateClient(clientId))),
  );
}

function relayWith(publisher: Publisher): OutboxRelay {
  return new OutboxRelay({
    db: database.app.db,
    pool: database.app.pool,
    publisher,
    logger: silentLogger,
    batchSize: 25,
    pollIntervalMs: 50,
    maxBackoffMs: 500,
  });
}

it('delivers every committed row in commit order per client, through a relay killed mid-batch and a Kafka outage', async () => {
  const updatesPerPhase = 30;
  const collector = await startMessageCollector(messaging, [serviceTopicFor('billing')], (m) =>
    m.key!.startsWith(firmId),
  );
  const publisher = await messaging.connectPublisher();

  // Relay 1 dies on its third batch after Kafka took the messages but before the rows were marked.
  let batches = 0;
  let killed!: () => void;
  const relayKilled = new Promise<void>((resolve) => (killed = resolve));
  const firstRelay: OutboxRelay = relayWith({
    disconnect: async () => undefined,
    async publish(messages) {
      await publisher.publish(messages);
      if (++batches === 3) {
        void firstRelay.stop();
        killed();
        throw new Error('relay process killed');
      }
    },
  });
  await firstRelay.start();
  await writeUpdates(updatesPerPhase);
  await relayKilled;

  const secondRelay = relayWith(publisher);
  await secondRelay.start();

  await kafka.brokerDown(1);
  await writeUpdates(updatesPerPhase);
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  await kafka.brokerUp(1);

  const total = clientIds.length * updatesPerPhase * 2;
  await waitUntil(async () => new Set(collector.messages.map(eventIdOf)).size >= total, 60_000);
  await secondRelay.stop();
  await collector.stop();

  const firstSeen = new Map<string, string[]>();
  const seenIds = new Set<string>();
  for (const message of collector.messages) {
    const event = JSON.parse(message.value!.toString());
    if (seenIds.has(event.id)) continue;
    seenIds.add(event.id);
    firstSeen.set(message.key!, [...(firstSeen.get(message.key!) ?? []), event.data.displayName]);
  }
  const expected = Array.from({ length: updatesPerPhase * 2 }, (_, i) => `v${i + 1}`);
  for (const clientId of clientIds)
    expect(firstSeen.get(`${firmId}:${clientId}`)).toEqual(expected);
  // The killed batch was published again: at least once, never skipped.
  expect(collector.messages.length).toBeGreaterThan(total);
  const unpublished = await database.owner.db
    .selectFrom('outbox')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('published_at', 'is', null)
    .executeTakeFirstOrThrow();
  expect(unpublished.count).toBe(0);
});

function eventIdOf(message: { value: Buffer | null }): string {
  return JSON.parse(message.value!.toString()).id;
}
