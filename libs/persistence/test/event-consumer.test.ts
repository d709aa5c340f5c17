import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { encodeEvent, type EventEnvelope } from '@lexfin/contracts';
import {
  deadLetterHeaders,
  type Messaging,
  type Publisher,
  type RunningConsumer,
} from '@lexfin/messaging';
import {
  createTestMessaging,
  createTestDatabase,
  startMessageCollector,
  uniqueName,
  type TestDatabase,
  waitUntil,
} from '@lexfin/testing';
import { handleOnce, inFirmTransaction, startEventConsumer } from '../src';
import { clientUpdated, testMigrations, type TestSchema } from './fixtures';

let database: TestDatabase<TestSchema>;
let messaging: Messaging;
let publisher: Publisher;
const consumers: RunningConsumer[] = [];

beforeAll(async () => {
  database = await createTestDatabase<TestSchema>({
    label: 'persistence',
    migrations: testMigrations,
  });
  messaging = createTestMessaging('event-consumer-test');
  publisher = await messaging.connectPublisher();
});

afterAll(async () => {
  await Promise.all(consumers.map((consumer) => consumer.stop()));
  await messaging.close();
  await database.drop();
});

/** The replica handler a service would have: one applied update per event. */
async function applyClientUpdated(
  tx: Transaction<TestSchema>,
  event: EventEnvelope<unknown>,
): Promise<void> {
  const data = event.data as { clientId: string; displayName: string };
  await tx
    .insertInto('client_replica')
    .values({
      firm_id: event.firmid,
      client_id: data.clientId,
      display_name: data.displayName,
      applied_updates: 1,
    })
    .onConflict((conflict) =>
      conflict.columns(['firm_id', 'client_id']).doUpdateSet({
        display_name: data.displayName,
        applied_updates: sql`client_replica.applied_updates + 1`,
      }),
    )
    .execute();
}

/** A private single-partition topic, so this test's poison never reaches anyone else. */
async function privateTopic(): Promise<string> {
  const topic = uniqueName('lexfin.test.events');
  await messaging.ensureTopics([{ name: topic, partitions: 1 }]);
  return topic;
}

function onTopic(topic: string, event: EventEnvelope<unknown>) {
  return { ...encodeEvent(event), topic };
}

async function replicaOf(firmId: string, clientId: string) {
  return database.owner.db
    .selectFrom('client_replica')
    .selectAll()
    .where('firm_id', '=', firmId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
}

describe('inbox', () => {
  it('applies a redelivered event once', async () => {
    const topic = await privateTopic();
    const firmId = randomUUID();
    const clientId = randomUUID();
    const first = clientUpdated(firmId, clientId, 1);
    const second = clientUpdated(firmId, clientId, 2);
    // The broker hands the consumer the same event three times (producer retry, relay restart).
    await publisher.publish([
      onTopic(topic, first),
      onTopic(topic, first),
      onTopic(topic, first),
      onTopic(topic, second),
    ]);
    consumers.push(
      await startEventConsumer({
        messaging,
        db: database.app.db,
        consumerGroup: uniqueName('replica'),
        topics: [topic],
        handlers: { [first.type]: applyClientUpdated },
      }),
    );

    await waitUntil(async () => (await replicaOf(firmId, clientId))?.display_name === 'v2');
    expect((await replicaOf(firmId, clientId))?.applied_updates).toBe(2);
  });

  it('lets only one of two concurrent deliveries of an event take effect', async () => {
    const firmId = randomUUID();
    const event = clientUpdated(firmId, randomUUID(), 1);
    const receipt = {
      consumerGroup: 'concurrent',
      eventId: event.id,
      eventType: event.type,
      firmId,
    };
    const outcomes = await Promise.all(
      [1, 2].map(() =>
        inFirmTransaction(database.app.db, firmId, (tx) =>
          handleOnce(tx, receipt, () => applyClientUpdated(tx, event)),
        ),
      ),
    );
    expect(outcomes.map((outcome) => outcome.applied).sort()).toEqual([false, true]);
    const data = event.data as { clientId: string };
    expect((await replicaOf(firmId, data.clientId))?.applied_updates).toBe(1);
  });
});

describe('batches', () => {
  /** The batch handler a busy service would have: each event applied, in order, in one transaction. */
  const applyAll = async (tx: Transaction<TestSchema>, events: EventEnvelope<unknown>[]) => {
    for (const event of events) await applyClientUpdated(tx, event);
  };

  it('applies a fetch of events with repeats once each, in order', async () => {
    const topic = await privateTopic();
    const firmId = randomUUID();
    const clientId = randomUUID();
    const first = clientUpdated(firmId, clientId, 1);
    const second = clientUpdated(firmId, clientId, 2);
    const other = clientUpdated(randomUUID(), randomUUID(), 1);
    await publisher.publish(
      [first, first, other, second, first].map((event) => onTopic(topic, event)),
    );
    let batches = 0;
    consumers.push(
      await startEventConsumer({
        messaging,
        db: database.app.db,
        consumerGroup: uniqueName('replica'),
        topics: [topic],
        handlers: { [first.type]: applyClientUpdated },
        batchHandler: async (tx, events) => {
          batches++;
          await applyAll(tx, events);
        },
      }),
    );

    // Each firm's events commit in their own transaction, the other firm's after this one's.
    const otherData = other.data as { clientId: string };
    await waitUntil(async () => (await replicaOf(other.firmid, otherData.clientId)) !== undefined);
    await waitUntil(async () => (await replicaOf(firmId, clientId))?.display_name === 'v2');
    expect((await replicaOf(firmId, clientId))?.applied_updates).toBe(2);
    expect((await replicaOf(other.firmid, otherData.clientId))?.applied_updates).toBe(1);
    expect(batches).toBeGreaterThan(0);
  });

  it('applies the events of a failed batch one by one, dead-lettering only the poison', async () => {
    const topic = await privateTopic();
    const consumerGroup = uniqueName('replica');
    const firmId = randomUUID();
    const clientId = randomUUID();
    const valid = clientUpdated(firmId, clientId, 3);
    await publisher.publish([
      onTopic(topic, clientUpdated(firmId, clientId, 2)),
      { topic, key: `${firmId}:${clientId}`, value: '{"this is": not json', headers: {} },
      onTopic(topic, valid),
    ]);
    const deadLetters = await startMessageCollector(messaging, [`lexfin.dlq.${consumerGroup}`]);
    consumers.push(
      await startEventConsumer({
        messaging,
        db: database.app.db,
        consumerGroup,
        topics: [topic],
        handlers: { [valid.type]: applyClientUpdated },
        batchHandler: applyAll,
      }),
    );

    const [notJson] = await deadLetters.waitFor(1);
    await deadLetters.stop();
    expect(notJson!.value!.toString()).toBe('{"this is": not json');
    await waitUntil(async () => (await replicaOf(firmId, clientId))?.display_name === 'v3');
    expect((await replicaOf(firmId, clientId))?.applied_updates).toBe(2);
  });
});

describe('dead letters', () => {
  it('moves a poison message to the dead-letter topic with its reason and goes on with the partition', async () => {
    const topic = await privateTopic();
    const consumerGroup = uniqueName('replica');
    const firmId = randomUUID();
    const clientId = randomUUID();
    const valid = clientUpdated(firmId, clientId, 7);
    const key = `${firmId}:${clientId}`;
    await publisher.publish([
      { topic, key, value: '{"this is": not json', headers: {} },
      { topic, key, value: JSON.stringify({ ...valid, data: { clientId } }), headers: {} },
      onTopic(topic, valid),
    ]);
    const deadLetters = await startMessageCollector(messaging, [`lexfin.dlq.${consumerGroup}`]);
    consumers.push(
      await startEventConsumer({
        messaging,
        db: database.app.db,
        consumerGroup,
        topics: [topic],
        handlers: { [valid.type]: applyClientUpdated },
      }),
    );

    const [notJson, badPayload] = await deadLetters.waitFor(2);
    await deadLetters.stop();
    expect(notJson!.headers[deadLetterHeaders.errorCode]).toBe('EVENT_VALIDATION_FAILED');
    expect(notJson!.headers[deadLetterHeaders.reason]).toMatch(/JSON/i);
    expect(notJson!.headers[deadLetterHeaders.originalTopic]).toBe(topic);
    expect(notJson!.value!.toString()).toBe('{"this is": not json');
    expect(badPayload!.headers[deadLetterHeaders.reason]).toMatch(/displayName/);
    await waitUntil(async () => (await replicaOf(firmId, clientId))?.display_name === 'v7');
  });

  it('retries a failing handler, then dead-letters the message with the failure and the attempt count', async () => {
    const topic = await privateTopic();
    const consumerGroup = uniqueName('replica');
    const firmId = randomUUID();
    const doomed = clientUpdated(firmId, randomUUID(), 1);
    const healthy = clientUpdated(firmId, randomUUID(), 1);
    await publisher.publish([onTopic(topic, doomed), onTopic(topic, healthy)]);
    const deadLetters = await startMessageCollector(messaging, [`lexfin.dlq.${consumerGroup}`]);
    let attempts = 0;
    consumers.push(
      await startEventConsumer({
        messaging,
        db: database.app.db,
        consumerGroup,
        topics: [topic],
        retry: { attempts: 3, initialBackoffMs: 10, maxBackoffMs: 50 },
        handlers: {
          [doomed.type]: async (tx, event) => {
            if (event.id === doomed.id) {
              attempts++;
              throw new Error('replica table is being rebuilt');
            }
            await applyClientUpdated(tx, event);
          },
        },
      }),
    );

    const [deadLetter] = await deadLetters.waitFor(1);
    await deadLetters.stop();
    expect(deadLetter!.headers[deadLetterHeaders.reason]).toBe('replica table is being rebuilt');
    expect(deadLetter!.headers[deadLetterHeaders.attempts]).toBe('3');
    expect(attempts).toBe(3);
    const healthyClient = (healthy.data as { clientId: string }).clientId;
    await waitUntil(async () => (await replicaOf(firmId, healthyClient)) !== undefined);
    // A failed attempt rolled back: its inbox row is gone too, so a replay could apply it.
    const inboxRows = await database.owner.db
      .selectFrom('inbox')
      .selectAll()
      .where('event_id', '=', doomed.id)
      .execute();
    expect(inboxRows).toEqual([]);
  });
});
