import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { redisUrl, type GraphQLClient, type MessageCollector } from '@lexfin/testing';
import { DAILY_BILLING_QUEUE, dailyBillingJobNames } from '../../src/jobs/daily-billing';
import { issuedInvoice, ok, recordTime, setUpMatter, usd, eventsOf } from '../support/fixtures';
import { newFirm, startHarness, type Harness } from '../support/harness';

let harness: Harness;
let clerk: GraphQLClient;
let collector: MessageCollector;
let queue: Queue;
let queueEvents: QueueEvents;
let eventsConnection: Redis;
const firmId = newFirm();

beforeAll(async () => {
  harness = await startHarness();
  clerk = await harness.as({ firmId, roles: ['billing_clerk'] });
  collector = await harness.collectEvents(firmId);
  eventsConnection = new Redis(redisUrl(), { maxRetriesPerRequest: null });
  // The service's own queue, as an operator would reach it to queue runs by hand.
  queue = new Queue(DAILY_BILLING_QUEUE, {
    connection: eventsConnection,
    prefix: harness.redisPrefix,
  });
  queueEvents = new QueueEvents(DAILY_BILLING_QUEUE, {
    connection: eventsConnection,
    prefix: harness.redisPrefix,
  });
  await queueEvents.waitUntilReady();
});

afterAll(async () => {
  await queueEvents.close();
  await queue.close();
  eventsConnection.disconnect();
  await harness.close();
});

/** Runs the daily job for this firm on `date`, through the queue as the scheduler would. */
async function runDailyJobOn(date: string) {
  harness.setNow(`${date}T12:00:00Z`);
  const job = await queue.add(dailyBillingJobNames.firmRun, { firmId });
  return job.waitUntilFinished(queueEvents, 30_000);
}

const INVOICE = `query($id: ID!) { invoice(id: $id) { status total { amount } lateFees { amount } openAmount { amount } lines { kind description amount { amount } } } }`;

describe('daily late-fee and overdue job', () => {
  it('is registered as a BullMQ job scheduler sweeping every 15 minutes', async () => {
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toEqual([
      expect.objectContaining({ key: dailyBillingJobNames.scheduler, pattern: '*/15 * * * *' }),
    ]);
    // From here the test queues the sweeps itself: one on the wall clock would run early.
    await queue.removeJobScheduler(dailyBillingJobNames.scheduler);
  });

  it('reports overdue invoices once and charges late fees per matter policy, never on late fees', async () => {
    const interest = await setUpMatter(clerk, {
      lateFeePolicy: { kind: 'SIMPLE_INTEREST', annualRatePercent: '12', graceDays: 10 },
    });
    const flat = await setUpMatter(clerk, {
      lateFeePolicy: { kind: 'FLAT', flatAmount: usd('25.00') },
    });
    const none = await setUpMatter(clerk);
    const invoices = [];
    for (const ids of [interest, flat, none]) {
      await recordTime(clerk, ids, '1.0');
      invoices.push(await issuedInvoice(clerk, ids.matterId, '2026-04-01')); // due 2026-05-01
    }
    const [withInterest, withFlat, without] = invoices;

    expect(await runDailyJobOn('2026-05-01')).toMatchObject({
      overdueReported: 0,
      lateFeesAssessed: 0,
    });
    expect(await runDailyJobOn('2026-05-02')).toMatchObject({
      overdueReported: 3,
      lateFeesAssessed: 1,
    });
    expect(await runDailyJobOn('2026-05-02')).toMatchObject({
      overdueReported: 0,
      lateFeesAssessed: 0,
    });
    const flatInvoice = (await ok(clerk, INVOICE, { id: withFlat.id })).invoice;
    expect(flatInvoice).toMatchObject({
      total: { amount: '325.00' },
      lateFees: { amount: '25.00' },
      openAmount: { amount: '325.00' },
    });
    expect(flatInvoice.lines.at(-1)).toEqual({
      kind: 'LATE_FEE',
      description: 'Late fee',
      amount: { amount: '25.00' },
    });

    // 300.00 x 12 % x 11 / 365 = 1.0849 -> 1.08, once the 10 grace days are over.
    expect(await runDailyJobOn('2026-05-12')).toMatchObject({ lateFeesAssessed: 1 });
    expect((await ok(clerk, INVOICE, { id: withInterest.id })).invoice.lateFees.amount).toBe(
      '1.08',
    );
    // 30 days later: interest on 300.00 only, not on the 1.08 already charged.
    expect(await runDailyJobOn('2026-06-11')).toMatchObject({ lateFeesAssessed: 1 });
    const later = (await ok(clerk, INVOICE, { id: withInterest.id })).invoice;
    expect(later.lateFees.amount).toBe('4.04'); // 1.08 + 300.00 x 12 % x 30 / 365 = 2.96
    expect((await ok(clerk, INVOICE, { id: without.id })).invoice.lateFees.amount).toBe('0.00');

    const overdue = await eventsOf(collector, 'lexfin.billing.invoice.overdue.v1', 3);
    expect(overdue).toHaveLength(3);
    expect(overdue.find((event) => event.data.invoiceId === without.id).data).toMatchObject({
      dueDate: '2026-05-01',
      daysPastDue: 1,
      asOf: '2026-05-02',
      openAmount: usd('300.00'),
    });
    const fees = await eventsOf(collector, 'lexfin.billing.late_fee.assessed.v1', 3);
    expect(
      fees
        .filter((event) => event.data.invoiceId === withInterest.id)
        .map((event) => [
          event.data.amount.amount,
          event.data.principal.amount,
          event.data.periodFrom,
          event.data.periodThrough,
        ]),
    ).toEqual([
      ['1.08', '300.00', '2026-05-01', '2026-05-12'],
      ['2.96', '300.00', '2026-05-12', '2026-06-11'],
    ]);
  });

  it('sweeps every firm from the scheduler job', async () => {
    harness.setNow('2026-07-01T12:00:00Z');
    const sweep = await queue.add(dailyBillingJobNames.sweep, {});
    expect(await sweep.waitUntilFinished(queueEvents, 30_000)).toBe(1);
  });
});
