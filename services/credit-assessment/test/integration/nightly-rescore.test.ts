import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { decodeEvent } from '@lexfin/contracts';
import { inFirmTransaction } from '@lexfin/persistence';
import { redisUrl } from '@lexfin/testing';
import { NIGHTLY_RESCORE_QUEUE, nightlyRescoreJobNames } from '../../src/jobs/nightly-rescore';
import { startCreditHarness, type CreditHarness } from '../harness';
import { goodPayer } from '../support/good-payer';

let harness: CreditHarness;
let queue: Queue;
let queueEvents: QueueEvents;
let connection: Redis;
const firmId = randomUUID();

beforeAll(async () => {
  harness = await startCreditHarness({ jobs: true });
  connection = new Redis(redisUrl(), { maxRetriesPerRequest: null });
  queue = new Queue(NIGHTLY_RESCORE_QUEUE, { connection, prefix: harness.redisPrefix });
  queueEvents = new QueueEvents(NIGHTLY_RESCORE_QUEUE, { connection, prefix: harness.redisPrefix });
  await queueEvents.waitUntilReady();
});

afterAll(async () => {
  await queueEvents.close();
  await queue.close();
  connection.disconnect();
  await harness.close();
});

const gradeEvents = () =>
  inFirmTransaction(harness.deps.db, firmId, async (tx) =>
    (
      await tx
        .selectFrom('outbox')
        .select('payload')
        .where('event_type', '=', 'lexfin.credit.grade.changed.v1')
        .orderBy('id')
        .execute()
    ).map((row) => decodeEvent(row.payload).data),
  );

async function run(name: string, at: string) {
  harness.setNow(new Date(at));
  const job = await queue.add(name, { firmId });
  return job.waitUntilFinished(queueEvents, 30_000);
}

it('is a BullMQ job scheduler sweeping every 15 minutes', async () => {
  const schedulers = await queue.getJobSchedulers();
  expect(schedulers).toEqual([
    expect.objectContaining({ key: nightlyRescoreJobNames.scheduler, pattern: '*/15 * * * *' }),
  ]);
  await queue.removeJobScheduler(nightlyRescoreJobNames.scheduler);
});

it('re-scores every client of a firm as time passes, once a night, idempotently', async () => {
  const client = goodPayer(firmId);
  await harness.deliver([
    ...client.events,
    client.stream.invoiceIssued({
      total: '9000.00',
      invoiceDate: '2026-05-11',
      dueDate: '2026-06-10',
    }),
  ]);
  expect(await gradeEvents()).toEqual([
    expect.objectContaining({ previousGrade: null, grade: 'A' }),
  ]);

  // 2026-09-30: the open invoice is 112 days past due, all of what is open is over 30 days:
  // 20 + 10 - 40 (longest 112) - 40 (100% past due) + 5 + 5 + 0 + 5 + 0 + 0 + 0 + 0 (no trend) = -35 -> 565, D
  expect(await run(nightlyRescoreJobNames.firmRun, '2026-09-30T12:00:00Z')).toMatchObject({
    asOf: '2026-09-30',
    clients: 1,
    gradeChanges: 1,
  });
  expect((await gradeEvents())[1]).toMatchObject({
    clientId: client.stream.clientId,
    previousGrade: 'A',
    grade: 'D',
    score: 565,
    asOf: '2026-09-30',
  });
  // the same night again: nothing changes, nothing is published
  expect(await run(nightlyRescoreJobNames.firmRun, '2026-09-30T13:00:00Z')).toMatchObject({
    clients: 1,
    gradeChanges: 0,
    breaches: 0,
  });
  expect(await gradeEvents()).toHaveLength(2);
  // and the sweep passes over a firm already run that night, but not the next one
  expect(await run(nightlyRescoreJobNames.sweep, '2026-09-30T23:00:00Z')).toBe(0);
  expect(await run(nightlyRescoreJobNames.sweep, '2026-10-01T00:30:00Z')).toBe(0);
  expect(await run(nightlyRescoreJobNames.sweep, '2026-10-01T01:00:00Z')).toBe(1);
});
