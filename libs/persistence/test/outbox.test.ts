import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { serviceTopicFor } from '@lexfin/contracts';
import { silentLogger, type Messaging } from '@lexfin/messaging';
import {
  createTestMessaging,
  createTestDatabase,
  startMessageCollector,
  type TestDatabase,
} from '@lexfin/testing';
import { enqueueEvent, inFirmTransaction, OutboxRelay } from '../src';
import { clientUpdated, testMigrations, type TestSchema } from './fixtures';

const billingTopic = serviceTopicFor('billing');
let database: TestDatabase<TestSchema>;
let messaging: Messaging;
let relay: OutboxRelay;

beforeAll(async () => {
  database = await createTestDatabase<TestSchema>({
    label: 'persistence',
    migrations: testMigrations,
  });
  messaging = createTestMessaging('outbox-test');
  relay = new OutboxRelay({
    db: database.app.db,
    pool: database.app.pool,
    publisher: await messaging.connectPublisher(),
    logger: silentLogger,
  });
  await relay.start();
});

afterAll(async () => {
  await relay.stop();
  await messaging.close();
  await database.drop();
});

const displayNameOf = (value: Buffer | null) =>
  JSON.parse(value!.toString()).data.displayName as string;

describe('transactional outbox', () => {
  it('publishes nothing from a rolled-back transaction, and the committed event after it', async () => {
    const firmId = randomUUID();
    const clientId = randomUUID();
    const collector = await startMessageCollector(
      messaging,
      [billingTopic],
      (m) => m.key === `${firmId}:${clientId}`,
    );
    await expect(
      inFirmTransaction(database.app.db, firmId, async (tx) => {
        await enqueueEvent(tx, clientUpdated(firmId, clientId, 1));
        throw new Error('the business rule refused the change');
      }),
    ).rejects.toThrow('the business rule refused the change');
    await inFirmTransaction(database.app.db, firmId, (tx) =>
      enqueueEvent(tx, clientUpdated(firmId, clientId, 2)),
    );

    // Same key, same partition: had v1 been published it would arrive before v2.
    const messages = await collector.waitFor(1);
    await collector.stop();
    expect(messages.map((m) => displayNameOf(m.value))).toEqual(['v2']);
    const rows = await database.owner.db
      .selectFrom('outbox')
      .select('event_type')
      .where('firm_id', '=', firmId)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('gives a later transaction on the same client a higher id only after the earlier one commits', async () => {
    const firmId = randomUUID();
    const clientId = randomUUID();
    const first = clientUpdated(firmId, clientId, 1);
    const second = clientUpdated(firmId, clientId, 2);
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstEnqueued!: () => void;
    const firstReady = new Promise<void>((resolve) => (firstEnqueued = resolve));

    const firstTx = inFirmTransaction(database.app.db, firmId, async (tx) => {
      await enqueueEvent(tx, first);
      firstEnqueued();
      await firstHeld;
    });
    await firstReady;
    let secondCommitted = false;
    const secondTx = inFirmTransaction(database.app.db, firmId, (tx) =>
      enqueueEvent(tx, second),
    ).then(() => {
      secondCommitted = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(secondCommitted).toBe(false);
    releaseFirst();
    await Promise.all([firstTx, secondTx]);

    const rows = await database.owner.db
      .selectFrom('outbox')
      .select(['id', 'event_id'])
      .where('event_id', 'in', [first.id, second.id])
      .orderBy('id')
      .execute();
    expect(rows.map((row) => row.event_id)).toEqual([first.id, second.id]);
  });

  it('flushes everything committed so far on demand (graceful shutdown)', async () => {
    const firmId = randomUUID();
    await inFirmTransaction(database.app.db, firmId, async (tx) => {
      for (let version = 1; version <= 5; version++)
        await enqueueEvent(tx, clientUpdated(firmId, randomUUID(), version));
    });
    await relay.flush();
    const unpublished = await database.owner.db
      .selectFrom('outbox')
      .select(sql<number>`count(*)::int`.as('count'))
      .where('firm_id', '=', firmId)
      .where('published_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(unpublished.count).toBe(0);
  });
});
