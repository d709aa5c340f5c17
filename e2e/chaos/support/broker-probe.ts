import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from '@lexfin/testing';

// kafkajs is libs/messaging's dependency; the suite reads offsets and probes the broker with it
// directly, since the Messaging interface (rightly) offers neither.
const kafkajs = createRequire(join(repoRoot(), 'libs', 'messaging', 'package.json'))('kafkajs');

interface Admin {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  fetchTopicOffsets(
    topic: string,
  ): Promise<Array<{ partition: number; high: string; low: string }>>;
  fetchOffsets(options: {
    groupId: string;
    topics: string[];
  }): Promise<Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>>;
}
interface Producer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  send(record: {
    topic: string;
    messages: Array<{ key?: string; value: string }>;
    acks?: number;
  }): Promise<unknown>;
}

export const canaryTopic = 'lexfin.chaos.canary';

/** What the suite asks the broker directly: offsets behind (lag) and a canary send. */
export interface BrokerProbe {
  /** Messages each group has not committed yet, summed over its topics' partitions. */
  lag(groupId: string, topics: string[]): Promise<number>;
  /** One message to the canary topic with `retries` retries: how long it took, or its error. */
  canary(retries: number): Promise<{ ms: number; error?: string }>;
  close(): Promise<void>;
}

export async function connectBrokerProbe(bootstrap: string): Promise<BrokerProbe> {
  const kafka = new kafkajs.Kafka({
    clientId: 'lexfin-chaos-probe',
    brokers: bootstrap.split(','),
    logLevel: kafkajs.logLevel.NOTHING,
    connectionTimeout: 3_000,
    requestTimeout: 5_000,
    retry: { retries: 2 },
  });
  const admin: Admin = kafka.admin();
  await admin.connect();
  return {
    async lag(groupId, topics) {
      const committed = await admin.fetchOffsets({ groupId, topics });
      let behind = 0;
      for (const topic of committed) {
        const ends = await admin.fetchTopicOffsets(topic.topic);
        for (const end of ends) {
          const offset = Number(
            topic.partitions.find((partition) => partition.partition === end.partition)?.offset ??
              -1,
          );
          behind += Number(end.high) - (offset < 0 ? Number(end.low) : offset);
        }
      }
      return behind;
    },
    async canary(retries) {
      const producer: Producer = kafka.producer({
        retry: { retries },
        allowAutoTopicCreation: false,
      });
      const started = Date.now();
      try {
        await producer.connect();
        await producer.send({ topic: canaryTopic, messages: [{ value: 'canary' }], acks: -1 });
        return { ms: Date.now() - started };
      } catch (error) {
        return { ms: Date.now() - started, error: (error as Error).message };
      } finally {
        await producer.disconnect().catch(() => undefined);
      }
    },
    close: () => admin.disconnect(),
  };
}
