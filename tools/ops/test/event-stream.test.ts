import { randomUUID } from 'node:crypto';
import { billingEvents, createEvent, encodeEvent, type EventEnvelope } from '@lexfin/contracts';
import {
  deadLetterHeaders,
  PoisonMessageError,
  type Messaging,
  type Publisher,
  type RunningConsumer,
} from '@lexfin/messaging';
import { startEventConsumer } from '@lexfin/persistence';
import {
  createTestDatabase,
  createTestMessaging,
  uniqueName,
  waitUntil,
  type TestDatabase,
} from '@lexfin/testing';
import { runOps } from './run-ops';

let messaging: Messaging;
let publisher: Publisher;
const consumers: RunningConsumer[] = [];

beforeAll(async () => {
  messaging = createTestMessaging('ops-event-stream-test');
  publisher = await messaging.connectPublisher();
});

afterAll(async () => {
  await Promise.all(consumers.map((consumer) => consumer.stop()));
  await publisher.disconnect();
  await messaging.close();
});

function clientCreated(firmId: string, clientId = randomUUID()) {
  return createEvent(billingEvents.clientCreated, {
    firmId,
    subject: clientId,
    correlationId: randomUUID(),
    data: {
      clientId,
      displayName: 'Harbor Logistics',
      kind: 'ORGANISATION',
      currency: 'USD',
      timeZone: 'America/New_York',
    },
  });
}

async function privateTopic(partitions = 1): Promise<string> {
  const topic = uniqueName('lexfin.ops-test.events');
  await messaging.ensureTopics([{ name: topic, partitions }]);
  return topic;
}

describe('ops events tail', () => {
  it('shows an event the test published, decoded, and only the firm asked for', async () => {
    const firmId = randomUUID();
    const event = clientCreated(firmId);
    const since = new Date(Date.now() - 1_000).toISOString();
    await publisher.publish([encodeEvent(event), encodeEvent(clientCreated(randomUUID()))]);

    const run = await runOps([
      'events',
      'tail',
      '--since',
      since,
      '--firm',
      firmId,
      '--type',
      'billing.client.*',
      '--json',
      '--no-follow',
    ]);

    expect(run.code).toBe(0);
    const lines = run.json<{ valid: boolean; event: EventEnvelope }>();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ valid: true, event: { id: event.id, firmid: firmId } });
  });

  it('follows new events and stops after --limit', async () => {
    const firmId = randomUUID();
    const event = clientCreated(firmId);
    const tail = runOps(['events', 'tail', '--firm', firmId, '--limit', '1']);
    // Publish until the tail (which starts at the end) has joined and seen one.
    const sent = setInterval(() => void publisher.publish([encodeEvent(event)]), 300);
    try {
      const run = await tail;
      expect(run.lines).toHaveLength(1);
      expect(run.lines[0]).toContain(`id=${event.id}`);
      expect(run.lines[0]).toContain('lexfin.billing.client.created.v1');
    } finally {
      clearInterval(sent);
    }
  });
});

describe('ops dlq', () => {
  let database: TestDatabase<never>;

  beforeAll(async () => {
    database = await createTestDatabase({ label: 'ops-dlq' });
  });

  afterAll(async () => {
    await database.drop();
  });

  it('lists a poison message, shows it, and a replay is handled once however often it is sent', async () => {
    const topic = await privateTopic();
    const group = uniqueName('ops-test-consumer');
    const firmId = randomUUID();
    const event = clientCreated(firmId);
    let broken = true;
    const applied: string[] = [];
    consumers.push(
      await startEventConsumer({
        messaging,
        db: database.app.db,
        consumerGroup: group,
        topics: [topic],
        handlers: {
          async [event.type](_tx, received) {
            if (broken) throw new PoisonMessageError('displayName refused by the replica');
            applied.push(received.id);
          },
        },
      }),
    );
    await publisher.publish([{ ...encodeEvent(event), topic }]);

    let list = await runOps(['dlq', 'list', '--group', group, '--json']);
    await waitUntil(async () => {
      list = await runOps(['dlq', 'list', '--group', group, '--json']);
      return list.lines.length === 1;
    });
    expect(list.json()[0]).toMatchObject({
      group,
      offset: 0,
      errorCode: 'POISON_MESSAGE',
      eventId: event.id,
      eventType: 'lexfin.billing.client.created.v1',
      reason: 'displayName refused by the replica',
      original: `${topic}[0]@0`,
    });
    const show = await runOps(['dlq', 'show', group, '0']);
    expect(show.lines).toContain(`${deadLetterHeaders.reason}: displayName refused by the replica`);
    expect(show.lines.join('\n')).toContain(`"id": "${event.id}"`);

    broken = false;
    const replay = await runOps(['dlq', 'replay', group, '--offset', '0', '--by', 'alice']);
    expect(replay.lines).toEqual([`replayed lexfin.dlq.${group}@0 to ${topic}`]);
    await runOps(['dlq', 'replay', group, '--all', '--by', 'alice']);

    await waitUntil(async () => (await topicEnd(topic)) === 3n);
    await waitUntil(async () => (await lagOf(group, topic)) === 0);
    expect(applied).toEqual([event.id]);
  });
});

describe('ops lag', () => {
  it('reports, per partition, the messages produced and not yet consumed', async () => {
    const topic = await privateTopic(2);
    const group = uniqueName('ops-lag-consumer');
    const firmId = randomUUID();
    const message = () => ({ ...encodeEvent(clientCreated(firmId)), topic });
    await publisher.publish([message(), message(), message()]);
    const handled: string[] = [];
    const consumer = await messaging.startConsumer({
      groupId: group,
      topics: [topic],
      handle: async (received) => void handled.push(received.offset),
    });
    await waitUntil(() => handled.length === 3);
    await consumer.stop();
    await publisher.publish([message(), message(), message(), message()]);

    const run = await runOps(['lag', '--group', group, '--json']);

    const rows = run.json<{
      topic: string;
      partition: number;
      committed: number | null;
      highWatermark: number;
      lag: number;
    }>();
    expect(rows.map((row) => [row.topic, row.partition])).toEqual([
      [topic, 0],
      [topic, 1],
    ]);
    for (const row of rows) expect(row.lag).toBe(row.highWatermark - (row.committed ?? 0));
    expect(rows.reduce((sum, row) => sum + row.lag, 0)).toBe(4);
    expect(rows.reduce((sum, row) => sum + row.highWatermark, 0)).toBe(7);
  });
});

async function topicEnd(topic: string): Promise<bigint> {
  const { createStreamInspector, silentLogger, kafkaSettingsFromEnv } =
    await import('@lexfin/messaging');
  const inspector = createStreamInspector(kafkaSettingsFromEnv('ops-test'), silentLogger);
  try {
    return (await inspector.topicEnds(topic)).reduce((sum, end) => sum + end.high, 0n);
  } finally {
    await inspector.close();
  }
}

async function lagOf(group: string, topic: string): Promise<number> {
  const run = await runOps(['lag', '--group', group, '--json']);
  return run
    .json<{ topic: string; lag: number }>()
    .filter((row) => row.topic === topic)
    .reduce((sum, row) => sum + row.lag, 0);
}
