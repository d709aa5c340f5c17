import { createKafkaMessaging, silentLogger, type Messaging } from '@lexfin/messaging';
import { StartupError } from '@lexfin/platform';
import { startKafkaMock, testJwtSecret, type KafkaMock } from '@lexfin/testing';
import { defineService, startService } from '../src';

// This file makes its broker refuse to form consumer groups, so it runs on a private mock broker.
let kafka: KafkaMock;
let messaging: Messaging;
const topic = 'lexfin.test.consumer-start';
const joinGroupApi = 11;
const coordinatorNotAvailable = 15;

beforeAll(async () => {
  kafka = await startKafkaMock({ topics: [{ name: topic, partitions: 1 }] });
  messaging = createKafkaMessaging(
    { ...kafka.settings('consumer-start'), groupJoinTimeoutMs: 1_500 },
    silentLogger,
    { createTopics: kafka.createTopics },
  );
});

afterAll(async () => {
  await messaging.close();
  await kafka.stop();
});

const service = defineService({
  name: 'consumer-start',
  port: 0,
  kafka: true,
  dependencies: () => ({}),
  consumers: [{ group: 'consumer-start.refused', topics: [topic], handle: () => async () => {} }],
});

describe('a service whose consumer group cannot join at start (the broker slow or down)', () => {
  it('fails its start as an unreachable Kafka, the exit a supervisor restarts', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      await kafka.failRequests(joinGroupApi, coordinatorNotAvailable, 100_000);
      const start = startService(service, {
        messaging,
        env: { NODE_ENV: 'test', LEXFIN_JWT_SECRET: testJwtSecret },
      });
      // A plain error here made the process exit 1 (a bug) instead of 69 (retry later).
      await expect(start).rejects.toBeInstanceOf(StartupError);
      await expect(start).rejects.toThrow(
        'Kafka (consumer group consumer-start.refused) is unreachable (consumer group consumer-start.refused did not join within 1500 ms): start it or fix KAFKA_BROKERS',
      );
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  }, 60_000);
});
