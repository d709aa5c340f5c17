import {
  createKafkaMessaging,
  createStreamInspector,
  silentLogger,
  type Messaging,
  type Publisher,
  type RunningConsumer,
  type StreamInspector,
} from '@lexfin/messaging';
import { kafkaApi, startKafkaMock, waitUntil, type KafkaMock } from '@lexfin/testing';

// This file makes its broker refuse commits and go down, so it runs on a private mock broker.
let kafka: KafkaMock;
let messaging: Messaging;
let publisher: Publisher;
let inspector: StreamInspector;
const rebalanceInProgress = 27;

beforeAll(async () => {
  kafka = await startKafkaMock();
  messaging = createKafkaMessaging(kafka.settings('partition-lanes'), silentLogger, {
    createTopics: kafka.createTopics,
  });
  publisher = await messaging.connectPublisher();
  inspector = createStreamInspector(kafka.settings('partition-lanes-inspector'), silentLogger);
});

afterAll(async () => {
  await inspector.close();
  await messaging.close();
  await kafka.stop();
});

/** A batch consumer on its own topic and group, and what it applied. */
async function startBatchConsumer(name: string) {
  const topic = `lexfin.test.lanes.${name}`;
  const groupId = `lanes.${name}`;
  await messaging.ensureTopics([{ name: topic, partitions: 1 }]);
  const applied: string[] = [];
  const consumer = await messaging.startConsumer({
    groupId,
    topics: [topic],
    handle: async (message) => {
      applied.push(message.offset);
    },
    handleBatch: async (messages) => {
      applied.push(...messages.map((message) => message.offset));
    },
  });
  const publish = (count: number) =>
    publisher.publish(
      Array.from({ length: count }, (_, at) => ({ topic, key: 'k', value: `m${at}`, headers: {} })),
    );
  const lag = async () =>
    (await inspector.groupLag(groupId, [topic])).reduce((sum, p) => sum + p.lag, 0n);
  return { consumer, applied, publish, lag };
}

let running: RunningConsumer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

it('commits what it applied even when the broker refused the first commit and nothing more comes', async () => {
  const lanes = await startBatchConsumer('refused-commit');
  running = lanes.consumer;
  await kafka.failRequests(kafkaApi.offsetCommit, rebalanceInProgress, 1);
  await lanes.publish(3);

  await waitUntil(async () => lanes.applied.length === 3, 30_000);
  await waitUntil(async () => (await lanes.lag()) === 0n, 15_000);
  expect(lanes.applied).toEqual(['0', '1', '2']);
});

it('commits what it applied after the broker was down right after the applying', async () => {
  const lanes = await startBatchConsumer('broker-down');
  running = lanes.consumer;
  await lanes.publish(3);
  await waitUntil(async () => lanes.applied.length >= 3, 30_000);
  // Down before the applied offsets' commit (at most 500 ms after the applying).
  await kafka.brokerDown();
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  await kafka.brokerUp();

  await waitUntil(async () => (await lanes.lag()) === 0n, 45_000);
  // The offsets the broker never took come again; the inbox makes that harmless.
  expect(new Set(lanes.applied)).toEqual(new Set(['0', '1', '2']));
}, 90_000);
