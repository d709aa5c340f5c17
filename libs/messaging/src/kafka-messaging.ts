import {
  Kafka,
  Partitioners,
  type Admin,
  type Consumer,
  type KafkaMessage,
  type Producer,
} from 'kafkajs';
import { deadLetterTopicFor } from '@lexfin/contracts';
import { toDeadLetter } from './dead-letter';
import { kafkaLogCreator } from './kafka-logging';
import { PartitionLanes } from './partition-lanes';
import type { MessagingLogger } from './log';
import type { IncomingMessage, OutgoingMessage } from './message';
import { backoffMs, defaultRetryPolicy, isRetryable, type RetryPolicy } from './retry-policy';
import type { KafkaSettings } from './settings';

export interface Publisher {
  /** Sends the messages with acks from all in-sync replicas; order is kept per partition. */
  publish(messages: readonly OutgoingMessage[]): Promise<void>;
  disconnect(): Promise<void>;
}

export interface ConsumerOptions {
  groupId: string;
  topics: string[];
  /** A new group starts at the oldest retained message (default) or only sees new ones. */
  fromBeginning?: boolean;
  handle(message: IncomingMessage): Promise<void>;
  retry?: RetryPolicy;
  /** Where a message goes after its last failed attempt; default `lexfin.dlq.<groupId>`. */
  deadLetterTopic?: string;
  /** Partitions handled in parallel; messages of one partition are always handled in order. */
  partitionsConsumedConcurrently?: number;
  /**
   * Optional: the messages one fetch brought from one partition, in their order, at once (one
   * transaction for many messages). When it throws, each of them goes through `handle` (retries,
   * dead letter) as if there were no batch handler, so `handle` must make a repeat harmless.
   */
  handleBatch?(messages: IncomingMessage[]): Promise<void>;
}

export interface RunningConsumer {
  readonly groupId: string;
  stop(): Promise<void>;
}

export interface TopicSpec {
  name: string;
  partitions: number;
}

/** Creates the topics that do not exist yet, leaving existing ones as they are. */
export type CreateTopics = (topics: readonly TopicSpec[]) => Promise<void>;

export interface MessagingOptions {
  /**
   * How this cluster creates topics; default: Kafka's admin API. A test broker that cannot take
   * admin requests brings its own (libs/testing), so this code only knows real Kafka.
   */
  createTopics?: CreateTopics;
}

export interface Messaging {
  readonly settings: KafkaSettings;
  connectPublisher(): Promise<Publisher>;
  /** Resolves once the consumer has joined its group and will receive messages. */
  startConsumer(options: ConsumerOptions): Promise<RunningConsumer>;
  ensureTopics(topics: readonly TopicSpec[]): Promise<void>;
  /** Readiness probe: rejects when no broker answers. */
  checkReachable(): Promise<void>;
  close(): Promise<void>;
}

/**
 * After a member is killed, the group waits up to its session timeout (30 s) before the
 * rebalance, which itself may take the rebalance timeout (60 s): a restarted consumer can take
 * that long to join without anything being wrong.
 */
const defaultGroupJoinTimeoutMs = 90_000;

/** Our one door to Kafka: kafkajs stays behind this interface so another client can replace it. */
export function createKafkaMessaging(
  settings: KafkaSettings,
  logger: MessagingLogger,
  options: MessagingOptions = {},
): Messaging {
  const kafka = kafkaClient(settings, logger);
  let admin: Admin | undefined;
  const openProducers = new Set<Producer>();
  const openConsumers = new Set<Consumer>();

  async function connectProducer(): Promise<Producer> {
    const producer = await connectedProducer(kafka, settings);
    openProducers.add(producer);
    return producer;
  }

  async function adminClient(): Promise<Admin> {
    if (!admin) {
      const created = kafka.admin();
      await created.connect();
      admin = created;
    }
    return admin;
  }

  return {
    settings,

    async connectPublisher() {
      const producer = await connectProducer();
      return {
        publish: (messages) => send(producer, messages),
        async disconnect() {
          openProducers.delete(producer);
          await producer.disconnect();
        },
      };
    },

    async startConsumer(consumerOptions) {
      const kafkaConsumer = kafka.consumer({
        groupId: consumerOptions.groupId,
        maxWaitTimeInMs: settings.fetchMaxWaitMs ?? 100,
        allowAutoTopicCreation: false,
      });
      const deadLetterTopic =
        consumerOptions.deadLetterTopic ?? deadLetterTopicFor(consumerOptions.groupId);
      await this.ensureTopics([{ name: deadLetterTopic, partitions: 1 }]);
      const deadLetterProducer = await connectProducer();
      const delivery: Delivery = {
        options: consumerOptions,
        retry: consumerOptions.retry ?? defaultRetryPolicy,
        deadLetterTopic,
        deadLetterProducer,
        logger,
      };
      const lanes = consumerOptions.handleBatch
        ? new PartitionLanes({
            consumer: kafkaConsumer,
            concurrency: consumerOptions.partitionsConsumedConcurrently ?? 1,
            apply: (messages) => deliverBatch(delivery, messages),
            incoming: (batch) =>
              batch.messages.map((message) => incomingOf(batch.topic, batch.partition, message)),
            logger,
          })
        : undefined;
      openConsumers.add(kafkaConsumer);
      try {
        await runConsumer(
          kafkaConsumer,
          settings.groupJoinTimeoutMs ?? defaultGroupJoinTimeoutMs,
          delivery,
          lanes,
        );
      } catch (error) {
        // A consumer that never joined must not go on trying behind its caller's back.
        await lanes?.stop();
        openConsumers.delete(kafkaConsumer);
        openProducers.delete(deadLetterProducer);
        await Promise.allSettled([kafkaConsumer.disconnect(), deadLetterProducer.disconnect()]);
        throw error;
      }
      return {
        groupId: consumerOptions.groupId,
        async stop() {
          openConsumers.delete(kafkaConsumer);
          await lanes?.stop();
          await kafkaConsumer.disconnect();
          openProducers.delete(deadLetterProducer);
          await deadLetterProducer.disconnect();
        },
      };
    },

    ensureTopics: async (topics) =>
      options.createTopics
        ? options.createTopics(topics)
        : createMissingTopics(await adminClient(), topics),

    async checkReachable() {
      const client = await adminClient();
      await client.describeCluster();
    },

    async close() {
      await Promise.allSettled([...openConsumers].map((consumer) => consumer.disconnect()));
      await Promise.allSettled([...openProducers].map((producer) => producer.disconnect()));
      openConsumers.clear();
      openProducers.clear();
      if (admin) await admin.disconnect();
      admin = undefined;
    },
  };
}

export function kafkaClient(settings: KafkaSettings, logger: MessagingLogger): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    ssl: settings.ssl,
    sasl: settings.sasl as never,
    logCreator: kafkaLogCreator(logger),
    retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 5 },
  });
}

async function connectedProducer(kafka: Kafka, settings: KafkaSettings): Promise<Producer> {
  const producer = kafka.producer({
    idempotent: settings.idempotent,
    // Without idempotence, one request in flight keeps retried sends in order.
    maxInFlightRequests: settings.idempotent ? 5 : 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { initialRetryTime: 100, maxRetryTime: 1_000, retries: 3 },
  });
  await producer.connect();
  return producer;
}

async function send(producer: Producer, messages: readonly OutgoingMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const byTopic = new Map<string, OutgoingMessage[]>();
  for (const message of messages) {
    const list = byTopic.get(message.topic) ?? [];
    list.push(message);
    byTopic.set(message.topic, list);
  }
  await producer.sendBatch({
    acks: -1,
    topicMessages: [...byTopic].map(([topic, list]) => ({
      topic,
      messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
    })),
  });
}

/** Asks the controller only for missing topics: once provisioned, no CreateTopics right is needed. */
async function createMissingTopics(client: Admin, topics: readonly TopicSpec[]): Promise<void> {
  const existing = new Set(await client.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic.name));
  if (missing.length === 0) return;
  await client.createTopics({
    waitForLeaders: true,
    topics: missing.map((topic) => ({ topic: topic.name, numPartitions: topic.partitions })),
  });
}

/** Connects, subscribes and runs the consumer; settles once it has joined its group. */
async function runConsumer(
  consumer: Consumer,
  joinWithinMs: number,
  delivery: Delivery,
  lanes: PartitionLanes | undefined,
): Promise<void> {
  const { options } = delivery;
  await consumer.connect();
  await consumer.subscribe({
    topics: options.topics,
    fromBeginning: options.fromBeginning ?? true,
  });
  const joined = groupJoined(consumer, options.groupId, joinWithinMs);
  const partitionsConsumedConcurrently = options.partitionsConsumedConcurrently ?? 1;
  // Awaited together: a join that times out while run() still hangs (a broker slow or down at
  // start) rejects this start, instead of an unhandled rejection that ended the process.
  const running = consumer.run(
    lanes
      ? {
          // A fetch only queues its batches; the lanes apply them and commit what they applied
          // (kafkajs would commit the offsets it fetched up to, and after every batch).
          partitionsConsumedConcurrently,
          eachBatchAutoResolve: false,
          autoCommit: false,
          eachBatch: (payload) => lanes.accept(payload),
        }
      : {
          partitionsConsumedConcurrently,
          eachMessage: ({ topic, partition, message, heartbeat }) =>
            deliver(delivery, incomingOf(topic, partition, message), heartbeat),
        },
  );
  await Promise.all([running, joined]);
}

/** Settles once the consumer has joined its group; rejects after `withinMs`. */
function groupJoined(consumer: Consumer, groupId: string, withinMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`consumer group ${groupId} did not join within ${withinMs} ms`)),
      withinMs,
    );
    consumer.on(consumer.events.GROUP_JOIN, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export function incomingOf(
  topic: string,
  partition: number,
  message: KafkaMessage,
): IncomingMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? null,
    value: message.value,
    headers: decodeHeaders(message.headers),
  };
}

/** How one consumer hands a message to its handler, and where it goes when that keeps failing. */
interface Delivery {
  options: ConsumerOptions;
  retry: RetryPolicy;
  deadLetterTopic: string;
  deadLetterProducer: Producer;
  logger: MessagingLogger;
}

/**
 * Hands the message to the handler, retrying with backoff while the error is retryable and
 * attempts are left, then dead-letters it. The dead-letter write must succeed before the offset
 * moves on: nothing is dropped.
 */
async function deliver(
  delivery: Delivery,
  incoming: IncomingMessage,
  heartbeat: () => Promise<void>,
): Promise<void> {
  const { options, retry, deadLetterTopic, logger } = delivery;
  const { topic, partition, offset } = incoming;
  for (let attempt = 1; ; attempt++) {
    try {
      await options.handle(incoming);
      return;
    } catch (error) {
      if (attempt >= retry.attempts || !isRetryable(error)) {
        await send(delivery.deadLetterProducer, [
          toDeadLetter(incoming, deadLetterTopic, options.groupId, error, attempt),
        ]);
        logger.error(
          { topic, partition, offset, attempts: attempt, deadLetterTopic, err: error },
          'message dead-lettered',
        );
        return;
      }
      logger.warn(
        { topic, partition, offset, attempt, err: error },
        'message handler failed; retrying',
      );
      await sleep(backoffMs(retry, attempt));
      await heartbeat();
    }
  }
}

/**
 * Hands a partition's messages to the batch handler; if it fails, each message goes through
 * `deliver` on its own, so a poison message is retried and dead-lettered alone, and the rest
 * still apply. Runs beside the fetching (see PartitionLanes), which keeps the group's heartbeat.
 */
async function deliverBatch(delivery: Delivery, messages: IncomingMessage[]): Promise<void> {
  try {
    await delivery.options.handleBatch!(messages);
  } catch (error) {
    const { topic, partition } = messages[0]!;
    delivery.logger.warn(
      { topic, partition, messages: messages.length, err: error },
      'batch handler failed; handling its messages one by one',
    );
    for (const message of messages) await deliver(delivery, message, noHeartbeat);
  }
}

const noHeartbeat = async () => {};

function decodeHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined || value === null) continue;
    decoded[name] = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  }
  return decoded;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
