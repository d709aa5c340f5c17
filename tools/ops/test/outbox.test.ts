import { randomUUID } from 'node:crypto';
import { billingEvents, createEvent, type EventEnvelope } from '@lexfin/contracts';
import type { Messaging, Publisher } from '@lexfin/messaging';
import { enqueueEvents, OutboxRelay, type OutboxDatabase } from '@lexfin/persistence';
import { createTestDatabase, createTestMessaging, type TestDatabase } from '@lexfin/testing';
import { runOps } from './run-ops';

let database: TestDatabase<OutboxDatabase>;
let messaging: Messaging;
let publisher: Publisher;

beforeAll(async () => {
  database = await createTestDatabase<OutboxDatabase>({ label: 'ops-outbox' });
  messaging = createTestMessaging('ops-outbox-test');
  publisher = await messaging.connectPublisher();
});

afterAll(async () => {
  await publisher.disconnect();
  await messaging.close();
  await database.drop();
});

function events(count: number): EventEnvelope[] {
  const firmId = randomUUID();
  return Array.from({ length: count }, () => {
    const clientId = randomUUID();
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
  });
}

it('reports the rows not yet sent and how old the oldest is', async () => {
  const env = { BILLING_DATABASE_URL: database.appUrl };
  const empty = await runOps(['outbox', '--service', 'billing', '--json'], env);
  expect(empty.json()).toEqual([
    { service: 'billing', pending: 0, oldestCreatedAt: null, oldestAgeSeconds: null },
  ]);

  await database.app.db.transaction().execute((tx) => enqueueEvents(tx, events(2)));
  const relay = new OutboxRelay({
    db: database.app.db,
    pool: database.app.pool,
    publisher,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  expect(await relay.publishBatch()).toBe(2);
  await database.app.db.transaction().execute((tx) => enqueueEvents(tx, events(3)));

  const run = await runOps(['outbox', '--service', 'billing', '--json'], env);

  expect(run.code).toBe(0);
  const [row] = run.json<{ pending: number; oldestAgeSeconds: number; oldestCreatedAt: string }>();
  expect(row?.pending).toBe(3);
  expect(row?.oldestAgeSeconds).toBeLessThan(60);
  const text = await runOps(['outbox', '--service', 'billing'], env);
  expect(text.lines[0]).toMatch(/^SERVICE\s+PENDING\s+OLDEST\s+AGE$/);
  expect(text.lines[1]).toMatch(/^billing\s+3\s+\d{4}-/);
});

it('names a database it cannot reach and fails', async () => {
  const run = await runOps(['outbox', '--service', 'billing'], {
    BILLING_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
  });
  expect(run.code).toBe(1);
  expect(run.lines[1]).toMatch(/^billing\s+\?\s+-\s+unreachable: /);
});
