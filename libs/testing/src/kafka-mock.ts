import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { CreateTopics, KafkaSettings } from '@lexfin/messaging';
import { sendMockCommand } from './mock-control';
import { repoRoot } from './repo-root';

/** Kafka protocol API keys and error codes tests inject faults with. */
export const kafkaApi = {
  produce: 0,
  fetch: 1,
  metadata: 3,
  offsetCommit: 8,
  findCoordinator: 10,
} as const;
export const kafkaError = {
  notLeaderForPartition: 6,
  requestTimedOut: 7,
  brokerNotAvailable: 8,
  notEnoughReplicas: 19,
} as const;

/** The mock holds an empty fetch for the full wait, so its clients poll with a short one. */
export const mockFetchMaxWaitMs = 10;

export interface KafkaMock {
  readonly bootstrap: string;
  readonly control: string;
  readonly pid: number;
  /** Settings for a messaging client of this broker. */
  settings(clientId: string): KafkaSettings;
  /** Pass as `createKafkaMessaging`'s `createTopics`: the mock takes no admin requests. */
  createTopics: CreateTopics;
  /** Takes a broker off the network (connections refused/dropped) until brokerUp. */
  brokerDown(brokerId?: number): Promise<void>;
  brokerUp(brokerId?: number): Promise<void>;
  /** The next `count` requests of `apiKey` fail with `errorCode`. */
  failRequests(apiKey: number, errorCode: number, count: number): Promise<void>;
  stop(): Promise<void>;
}

export interface KafkaMockOptions {
  brokers?: number;
  topics?: ReadonlyArray<{ name: string; partitions: number }>;
}

export function kafkaMockBinary(): string {
  return join(repoRoot(), 'tools/kafka-mock/build/kafka-mock');
}

/**
 * Starts tools/kafka-mock (librdkafka's mock cluster) on 127.0.0.1. It exits when its stdin
 * closes, so it never outlives the process that started it. It runs in its own process group: a
 * Ctrl-C meant for its starter must not take the broker away from services still flushing to it.
 */
export async function startKafkaMock(options: KafkaMockOptions = {}): Promise<KafkaMock> {
  const binary = kafkaMockBinary();
  if (!existsSync(binary)) {
    throw new Error(
      `${binary} is missing: run 'pnpm infra' (it compiles tools/kafka-mock against librdkafka-dev)`,
    );
  }
  const args = ['--brokers', String(options.brokers ?? 1)];
  for (const topic of options.topics ?? [])
    args.push('--topic', `${topic.name}:${topic.partitions}`);
  const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'inherit'], detached: true });
  const { bootstrap, control } = await readAddresses(child);
  const command = (line: string) => sendMockCommand(control, line);
  return {
    bootstrap,
    control,
    pid: child.pid ?? -1,
    settings: (clientId) => ({
      brokers: bootstrap.split(','),
      clientId,
      idempotent: false,
      fetchMaxWaitMs: mockFetchMaxWaitMs,
    }),
    createTopics: mockTopicCreator(control),
    brokerDown: (brokerId = 1) => command(`down ${brokerId}`),
    brokerUp: (brokerId = 1) => command(`up ${brokerId}`),
    failRequests: (apiKey, errorCode, count) => command(`errors ${apiKey} ${errorCode} ${count}`),
    stop: () => stopChild(child),
  };
}

/**
 * Creates topics through the mock broker's control port: kafkajs's admin API fails on it (it
 * reports controller 0 while its brokers are 1..N, see the README).
 */
export function mockTopicCreator(control: string): CreateTopics {
  return async (topics) => {
    for (const topic of topics) {
      await sendMockCommand(control, `topic ${topic.name} ${topic.partitions}`).catch(
        (error: Error) => {
          if (!/already exists/i.test(error.message)) throw error;
        },
      );
    }
  };
}

function readAddresses(child: ChildProcess): Promise<{ bootstrap: string; control: string }> {
  return new Promise((resolve, reject) => {
    const found: Record<string, string> = {};
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(
      () => reject(new Error('kafka-mock did not print its addresses within 10 s')),
      10_000,
    );
    lines.on('line', (line) => {
      const [label, address] = line.split(' ');
      if (label && address) found[label] = address;
      if (found.BOOTSTRAP && found.CONTROL) {
        clearTimeout(timer);
        lines.close();
        resolve({ bootstrap: found.BOOTSTRAP, control: found.CONTROL });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kafka-mock exited with code ${code} before it was ready`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  // A broker a signal ended has no exit code, only a signal code, and will never exit again.
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.stdin?.end();
  });
}
