import { randomUUID } from 'node:crypto';
import type { Admin, Consumer } from 'kafkajs';
import { incomingOf, kafkaClient } from './kafka-messaging';
import type { MessagingLogger } from './log';
import type { IncomingMessage } from './message';
import type { KafkaSettings } from './settings';

/** One partition of a topic a consumer group reads: how far it got and how far it is behind. */
export interface PartitionLag {
  group: string;
  topic: string;
  partition: number;
  /** The group's committed offset (the next message it will read); null before its first commit. */
  committed: bigint | null;
  highWatermark: bigint;
  /** Messages produced and not yet consumed: high-watermark minus committed (or log start). */
  lag: bigint;
}

export interface PartitionEnds {
  partition: number;
  /** Oldest retained offset. */
  low: bigint;
  /** Offset the next message will get: `high - low` messages are retained. */
  high: bigint;
}

export interface ReadOptions {
  topics: readonly string[];
  /** Oldest retained message, only new ones, or those written (Kafka timestamp) at or after an instant. */
  from: 'beginning' | 'end' | Date;
  /** Stop once every partition reached the end it had when reading began, or read until `stop`. */
  until: 'end' | 'stopped';
  handle(message: IncomingMessage): void | Promise<void>;
}

export interface Reading {
  /** Settles when the reading ended (`until: 'end'`) or was stopped. */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Looks at the stream without taking part in it, for operations and metrics: topics, consumer
 * groups and their lag, and reading a topic without committing offsets (a throwaway group that
 * commits nothing, so real Kafka forgets it once it leaves).
 */
export interface StreamInspector {
  listTopics(): Promise<string[]>;
  /** Every consumer group the cluster knows, sorted. */
  consumerGroups(): Promise<string[]>;
  /** Per partition of every topic the group has committed offsets on (or of `topics`). */
  groupLag(groupId: string, topics?: readonly string[]): Promise<PartitionLag[]>;
  topicEnds(topic: string): Promise<PartitionEnds[]>;
  read(options: ReadOptions): Promise<Reading>;
  close(): Promise<void>;
}

/** Prefix of the groups an inspector reads with; they commit nothing and are left out of lag. */
export const inspectorGroupPrefix = 'lexfin-inspect.';

export function createStreamInspector(
  settings: KafkaSettings,
  logger: MessagingLogger,
): StreamInspector {
  const kafka = kafkaClient(settings, logger);
  let admin: Promise<Admin> | undefined;
  const readers = new Set<Consumer>();

  function adminClient(): Promise<Admin> {
    admin ??= (async () => {
      const created = kafka.admin();
      await created.connect();
      return created;
    })();
    return admin;
  }

  async function topicEnds(topic: string): Promise<PartitionEnds[]> {
    const offsets = await (await adminClient()).fetchTopicOffsets(topic);
    return offsets
      .map((o) => ({ partition: o.partition, low: BigInt(o.low), high: BigInt(o.high) }))
      .sort((a, b) => a.partition - b.partition);
  }

  return {
    listTopics: async () => (await (await adminClient()).listTopics()).sort(),

    async consumerGroups() {
      const { groups } = await (await adminClient()).listGroups();
      return groups
        .map((group) => group.groupId)
        .filter((group) => !group.startsWith(inspectorGroupPrefix))
        .sort();
    },

    async groupLag(groupId, topics) {
      const client = await adminClient();
      // kafkajs asks for no topic when given none, so "every topic" is spelt out.
      const asked = topics ?? (await client.listTopics()).filter((t) => !t.startsWith('__'));
      const committed = await client.fetchOffsets({ groupId, topics: [...asked] });
      const lags: PartitionLag[] = [];
      for (const { topic, partitions } of committed) {
        if (!topics && partitions.every((p) => BigInt(p.offset) < 0n)) continue;
        const offsets = new Map(partitions.map((p) => [p.partition, BigInt(p.offset)]));
        // Every partition of the topic: one the group has not committed on yet lags by all of it.
        for (const end of await topicEnds(topic)) {
          const offset = offsets.get(end.partition) ?? -1n;
          const at = offset >= 0n ? offset : null;
          const from = at === null || at < end.low ? end.low : at;
          lags.push({
            group: groupId,
            topic,
            partition: end.partition,
            committed: at,
            highWatermark: end.high,
            lag: end.high > from ? end.high - from : 0n,
          });
        }
      }
      return lags.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
    },

    topicEnds,

    async read(options) {
      const ends = new Map<string, Map<number, bigint>>();
      const starts = new Map<string, Map<number, bigint>>();
      for (const topic of options.topics) {
        const byPartition = await topicEnds(topic);
        ends.set(topic, new Map(byPartition.map((end) => [end.partition, end.high])));
        starts.set(
          topic,
          await startOffsets(await adminClient(), topic, options.from, byPartition),
        );
      }
      const remaining = new Set<string>();
      for (const [topic, byPartition] of ends) {
        for (const [partition, high] of byPartition) {
          const start = starts.get(topic)?.get(partition) ?? high;
          if (start < high) remaining.add(`${topic}:${partition}`);
        }
      }
      let finish: () => void = () => undefined;
      const finished = new Promise<void>((resolve) => (finish = resolve));
      if (options.until === 'end' && remaining.size === 0) {
        return { done: Promise.resolve(), stop: async () => undefined };
      }

      const since = options.from instanceof Date ? options.from.getTime() : undefined;
      const consumer = kafka.consumer({
        groupId: `${inspectorGroupPrefix}${randomUUID()}`,
        maxWaitTimeInMs: settings.fetchMaxWaitMs ?? 100,
        allowAutoTopicCreation: false,
      });
      readers.add(consumer);
      let stopped = false;
      const stop = async () => {
        if (stopped) return;
        stopped = true;
        readers.delete(consumer);
        await consumer.disconnect();
        finish();
      };
      await consumer.connect();
      await consumer.subscribe({ topics: [...options.topics], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ topic, partition, message }) => {
          if (stopped) return;
          const offset = BigInt(message.offset);
          const end = ends.get(topic)?.get(partition) ?? 0n;
          if (options.until === 'end' && offset >= end) return;
          if (since === undefined || Number(message.timestamp) >= since) {
            await options.handle(incomingOf(topic, partition, message));
          }
          if (options.until === 'end' && offset + 1n >= end) {
            remaining.delete(`${topic}:${partition}`);
            if (remaining.size === 0) setImmediate(() => void stop());
          }
        },
      });
      for (const [topic, byPartition] of starts) {
        for (const [partition, offset] of byPartition) {
          consumer.seek({ topic, partition, offset: String(offset) });
        }
      }
      return { done: finished, stop };
    },

    async close() {
      await Promise.allSettled([...readers].map((reader) => reader.disconnect()));
      readers.clear();
      if (admin) await (await admin).disconnect();
      admin = undefined;
    },
  };
}

/** Where a reading starts in each partition. */
async function startOffsets(
  admin: Admin,
  topic: string,
  from: ReadOptions['from'],
  ends: readonly PartitionEnds[],
): Promise<Map<number, bigint>> {
  if (from === 'beginning') return new Map(ends.map((end) => [end.partition, end.low]));
  if (from === 'end') return new Map(ends.map((end) => [end.partition, end.high]));
  const [byTime, fromZero] = await Promise.all([
    admin.fetchTopicOffsetsByTimestamp(topic, from.getTime()),
    admin.fetchTopicOffsetsByTimestamp(topic, 0),
  ]);
  const zero = new Map(fromZero.map(({ partition, offset }) => [partition, BigInt(offset)]));
  return new Map(
    byTime.map(({ partition, offset }) => {
      const end = ends.find((e) => e.partition === partition) ?? { low: 0n, high: 0n };
      // A broker that ignores the time (librdkafka's mock answers with the log end) does not put
      // time 0 at the log start: read the partition whole, the timestamp filter does the rest.
      if (end.high > end.low && zero.get(partition) !== end.low) return [partition, end.low];
      // -1: nothing at or after that instant, so the reading starts at the end.
      return [partition, BigInt(offset) < 0n ? end.high : BigInt(offset)];
    }),
  );
}
