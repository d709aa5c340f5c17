/**
 * pnpm bench outbox [-- --seconds 60]
 *
 * Outbox to consumer, end to end, with the service (business transactions + outbox relay) in a
 * worker thread and the consumer group on the main thread, as two processes would run them.
 *  1. latency: 1,000 events/s, one event per transaction, for `seconds` (default 60);
 *  2. sustained: 5,000 events/s (10 events per transaction) for 20 s: does the consumer keep up?
 *  3. drain: 100,000 events already in the outbox when the relay starts: peak throughput.
 * Latency runs from the event's creation (just before its transaction) to the consumer.
 */
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { allTopics, serviceTopicFor } from '@lexfin/contracts';
import { createKafkaMessaging, kafkaSettingsFromEnv, silentLogger } from '@lexfin/messaging';
import type { KafkaSettings } from '@lexfin/messaging';
import { createTestDatabase, startKafkaMock, uniqueName } from '@lexfin/testing';
import type { KafkaMock } from '@lexfin/testing';
import type { ServiceCommand, ServiceSetup } from './lib/outbox-service.mts';

const { values: args } = parseArgs({ options: { seconds: { type: 'string', default: '60' } } });
const latencySeconds = Number(args.seconds);

let kafka: KafkaMock | undefined;
let settings: KafkaSettings;
if (process.env.KAFKA_BROKERS) {
  settings = kafkaSettingsFromEnv('bench-outbox');
} else {
  kafka = await startKafkaMock({ topics: allTopics() });
  settings = kafka.settings('bench-outbox');
}
const database = await createTestDatabase({ label: 'bench' });
const firmId = randomUUID();

let received = 0;
let firstReceivedAt = 0;
let lastReceivedAt = 0;
let latencies: number[] = [];
// the mock broker takes no admin requests: topics go through its control port
const messaging = createKafkaMessaging(
  settings,
  silentLogger,
  kafka ? { createTopics: kafka.createTopics } : {},
);
const consumer = await messaging.startConsumer({
  groupId: uniqueName('bench-outbox'),
  topics: [serviceTopicFor('billing')],
  fromBeginning: false,
  async handle(message) {
    if (!message.key?.startsWith(firmId)) return;
    const now = Date.now();
    const event = JSON.parse(message.value!.toString()) as { time: string };
    latencies.push(now - Date.parse(event.time));
    if (received++ === 0) firstReceivedAt = now;
    lastReceivedAt = now;
  },
});

const setup: ServiceSetup = { databaseUrl: database.appUrl, kafka: settings, firmId };
const service = new Worker(new URL('./lib/outbox-service.mts', import.meta.url), {
  workerData: setup,
});
const replies: Array<(reply: { kind: string; sent: number }) => void> = [];
service.on('message', (reply) => replies.shift()?.(reply));
service.on('error', (error) => {
  console.error(error);
  process.exit(1);
});
const serviceReady = new Promise((resolve) => replies.push(resolve));
function send(command: ServiceCommand): Promise<number> {
  return new Promise((resolve) => {
    replies.push((reply) => resolve(reply.sent));
    service.postMessage(command);
  });
}
await serviceReady;

async function waitForAll(sent: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (received < sent && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
}

interface PhaseResult {
  sent: number;
  received: number;
  eventsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
}

async function phase(run: () => Promise<number>, drainTimeoutMs: number): Promise<PhaseResult> {
  received = 0;
  latencies = [];
  const sent = await run();
  await waitForAll(sent, drainTimeoutMs);
  const sorted = latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  const seconds = Math.max(0.001, (lastReceivedAt - firstReceivedAt) / 1_000);
  return {
    sent,
    received,
    eventsPerSecond: received / seconds,
    p50: at(50),
    p99: at(99),
    max: sorted.at(-1) ?? NaN,
  };
}

await send({ kind: 'start-relay' });
const latency = await phase(
  () =>
    send({
      kind: 'paced',
      eventsPerSecond: 1_000,
      seconds: latencySeconds,
      eventsPerTransaction: 1,
    }),
  30_000,
);
const sustained = await phase(
  () => send({ kind: 'paced', eventsPerSecond: 5_000, seconds: 20, eventsPerTransaction: 10 }),
  60_000,
);
await send({ kind: 'stop-relay' });
const drain = await phase(async () => {
  const sent = await send({ kind: 'backlog', events: 100_000 });
  await send({ kind: 'start-relay' });
  return sent;
}, 120_000);
await send({ kind: 'close' });

await service.terminate();
await consumer.stop();
await messaging.close();
await database.drop();
await kafka?.stop();

const broker = kafka ? 'librdkafka mock broker' : `Kafka at ${settings.brokers.join(',')}`;
const ms = (value: number) => `${value.toFixed(0)} ms`;
const line = (name: string, result: PhaseResult) =>
  `${name.padEnd(44)} ${String(result.received).padStart(7)}/${String(result.sent).padEnd(7)} ${Math.round(result.eventsPerSecond).toString().padStart(6)} events/s  p50 ${ms(result.p50).padStart(7)}  p99 ${ms(result.p99).padStart(7)}  max ${ms(result.max).padStart(7)}`;
console.log(
  `\noutbox -> relay -> ${broker} -> consumer; Node ${process.versions.node}, ${cpus().length} cores`,
);
console.log(
  `${'phase'.padEnd(44)} received/sent     throughput      latency (event created -> consumed)`,
);
console.log(line(`latency: 1,000 events/s x ${latencySeconds} s, 1 event/tx`, latency));
console.log(line('sustained: 5,000 events/s x 20 s, 10 events/tx', sustained));
console.log(line('drain: 100,000 events already in the outbox', drain));
console.log(JSON.stringify({ bench: 'outbox', latency, sustained, drain }));
const complete = [latency, sustained, drain].every((result) => result.received === result.sent);
if (!complete) console.error('some events did not reach the consumer in time');
process.exit(complete ? 0 : 1);
