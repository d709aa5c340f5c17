/**
 * The service side of the outbox benchmark, run in a worker thread as a service process would run:
 * business transactions write events into the outbox and the relay publishes them.
 */
import { randomUUID } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { billingEvents, createEvent } from '@lexfin/contracts';
import { createKafkaMessaging, silentLogger } from '@lexfin/messaging';
import type { KafkaSettings } from '@lexfin/messaging';
import { createDatabase, enqueueEvents, inFirmTransaction, OutboxRelay } from '@lexfin/persistence';
import type { OutboxDatabase } from '@lexfin/persistence';

export interface ServiceSetup {
  databaseUrl: string;
  kafka: KafkaSettings;
  firmId: string;
}

export type ServiceCommand =
  | { kind: 'paced'; eventsPerSecond: number; seconds: number; eventsPerTransaction: number }
  | { kind: 'backlog'; events: number }
  | { kind: 'start-relay' }
  | { kind: 'stop-relay' }
  | { kind: 'close' };

const setup = workerData as ServiceSetup;
const database = createDatabase<OutboxDatabase>({ url: setup.databaseUrl, poolSize: 16 });
const messaging = createKafkaMessaging(setup.kafka, silentLogger);
const relay = new OutboxRelay({
  db: database.db,
  pool: database.pool,
  publisher: await messaging.connectPublisher(),
  logger: silentLogger,
});
const clientIds = Array.from({ length: 1_000 }, () => randomUUID());
let version = 0;

function clientUpdated() {
  const clientId = clientIds[++version % clientIds.length]!;
  return createEvent(billingEvents.clientUpdated, {
    firmId: setup.firmId,
    subject: clientId,
    correlationId: randomUUID(),
    data: {
      clientId,
      displayName: `v${version}`,
      kind: 'ORGANISATION',
      currency: 'USD',
      timeZone: 'Europe/London',
    },
  });
}

function commit(count: number): Promise<void> {
  const events = Array.from({ length: count }, clientUpdated);
  return inFirmTransaction(database.db, setup.firmId, (tx) => enqueueEvents(tx, events));
}

/** Starts transactions on a fixed schedule, never faster than the rate asked for. */
async function paced(
  eventsPerSecond: number,
  seconds: number,
  perTransaction: number,
): Promise<number> {
  const transactions = Math.round((eventsPerSecond * seconds) / perTransaction);
  const interval = (1_000 * perTransaction) / eventsPerSecond;
  const start = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < transactions; i++) {
    const wait = start + i * interval - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const write: Promise<void> = commit(perTransaction).finally(() => inFlight.delete(write));
    inFlight.add(write);
    if (inFlight.size >= 32) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return transactions * perTransaction;
}

async function backlog(events: number): Promise<number> {
  for (let written = 0; written < events; written += 500)
    await commit(Math.min(500, events - written));
  return events;
}

parentPort!.on('message', async (command: ServiceCommand) => {
  if (command.kind === 'paced') {
    const sent = await paced(
      command.eventsPerSecond,
      command.seconds,
      command.eventsPerTransaction,
    );
    parentPort!.postMessage({ kind: 'done', sent });
  } else if (command.kind === 'backlog') {
    parentPort!.postMessage({ kind: 'done', sent: await backlog(command.events) });
  } else if (command.kind === 'start-relay') {
    await relay.start();
    parentPort!.postMessage({ kind: 'done', sent: 0 });
  } else if (command.kind === 'stop-relay') {
    await relay.stop();
    parentPort!.postMessage({ kind: 'done', sent: 0 });
  } else {
    await relay.stop();
    await messaging.close();
    await database.close();
    parentPort!.postMessage({ kind: 'done', sent: 0 });
  }
});
parentPort!.postMessage({ kind: 'ready' });
