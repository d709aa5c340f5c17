import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { redisUrl } from '@lexfin/testing';
import { DAILY_BILLING_QUEUE, dailyBillingJobNames } from '../../src/jobs/daily-billing';
import { errorOf, eventsOf, issuedInvoice, ok, recordTime, setUpMatter } from '../support/fixtures';
import { newFirm, startHarness, type Harness } from '../support/harness';

let harness: Harness;
let queue: Queue;
let queueEvents: QueueEvents;
let connection: Redis;

beforeAll(async () => {
  harness = await startHarness();
  connection = new Redis(redisUrl(), { maxRetriesPerRequest: null });
  queue = new Queue(DAILY_BILLING_QUEUE, { connection, prefix: harness.redisPrefix });
  queueEvents = new QueueEvents(DAILY_BILLING_QUEUE, { connection, prefix: harness.redisPrefix });
  await queueEvents.waitUntilReady();
});

afterAll(async () => {
  await queueEvents.close();
  await queue.close();
  connection.disconnect();
  await harness.close();
});

const SETTINGS = `timeZone defaultCurrency workingDays country region`;
const UPDATE = `mutation($input: FirmSettingsInput!) { updateFirmSettings(input: $input) { ${SETTINGS} } }`;

describe('firm settings', () => {
  it('start from defaults, change as the firm_admin says and publish the whole new state', async () => {
    const firmId = newFirm();
    const admin = await harness.as({ firmId, roles: ['firm_admin'], userId: 'admin-1' });
    const clerk = await harness.as({ firmId, roles: ['billing_clerk'] });
    const collector = await harness.collectEvents(firmId);

    expect((await ok(clerk, `{ firmSettings { ${SETTINGS} } }`)).firmSettings).toEqual({
      timeZone: 'UTC',
      defaultCurrency: 'USD',
      workingDays: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'],
      country: null,
      region: null,
    });
    const changed = await ok(admin, UPDATE, {
      input: {
        timeZone: 'America/Los_Angeles',
        workingDays: ['SATURDAY', 'MONDAY'],
        country: 'US',
        region: 'US-CA',
      },
    });
    expect(changed.updateFirmSettings).toEqual({
      timeZone: 'America/Los_Angeles',
      defaultCurrency: 'USD',
      workingDays: ['MONDAY', 'SATURDAY'],
      country: 'US',
      region: 'US-CA',
    });
    const again = await ok(admin, UPDATE, { input: { defaultCurrency: 'CAD' } });
    expect(again.updateFirmSettings).toMatchObject({ defaultCurrency: 'CAD', region: 'US-CA' });
    expect((await ok(clerk, `{ firmSettings { ${SETTINGS} } }`)).firmSettings).toEqual(
      again.updateFirmSettings,
    );

    const forbidden = await errorOf(clerk, UPDATE, { input: { defaultCurrency: 'EUR' } });
    expect(forbidden.extensions?.code).toBe('FORBIDDEN');

    const events = await eventsOf(collector, 'lexfin.billing.firm.settings_changed.v1', 2);
    expect(events.map((event) => event.data)).toEqual([
      { firmId, ...changed.updateFirmSettings, changedBy: 'admin-1' },
      { firmId, ...again.updateFirmSettings, changedBy: 'admin-1' },
    ]);
    expect(events[0]).toMatchObject({ subject: firmId, firmid: firmId });
  });

  it.each([
    [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
    [{ defaultCurrency: 'XYZ' }, 'defaultCurrency'],
    [{ workingDays: [] }, 'workingDays'],
    [{ country: 'UK' }, 'country'],
    [{ country: 'XX' }, 'country'],
    [{ country: 'us' }, 'country'],
    [{ country: 'US', region: 'US-ZZ' }, 'region'],
    [{ country: 'FR', region: 'US-CA' }, 'region'],
    [{ region: 'DE-BY' }, 'region'],
  ])('refuses %j as BAD_USER_INPUT naming %s, changing nothing', async (input, field) => {
    const firmId = newFirm();
    const admin = await harness.as({ firmId, roles: ['firm_admin'] });
    const error = await errorOf(admin, UPDATE, { input });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(Object.keys(error.extensions?.fields as object)).toEqual([field]);
    expect((await ok(admin, `{ firmSettings { country timeZone } }`)).firmSettings).toEqual({
      country: null,
      timeZone: 'UTC',
    });
  });
});

describe('the daily job at 00:15 in each firm’s time zone', () => {
  let watched: string[] = [];

  /** Queues a sweep as the scheduler would at `instant`; answers the watched firms it ran. */
  async function sweepAt(instant: string): Promise<string[]> {
    harness.setNow(instant);
    const before = new Set((await queue.getJobs(['completed'])).map((job) => job.id));
    const sweep = await queue.add(dailyBillingJobNames.sweep, {});
    await sweep.waitUntilFinished(queueEvents, 30_000);
    const runs = (await queue.getJobs(['waiting', 'active', 'delayed', 'completed'])).filter(
      (job) => job.name === dailyBillingJobNames.firmRun && !before.has(job.id),
    );
    const results = await Promise.all(
      runs.map((job) => job.waitUntilFinished(queueEvents, 30_000)),
    );
    return results
      .filter((result: { firmId: string }) => watched.includes(result.firmId))
      .map((result: { firmId: string; today: string }) => `${result.firmId} ${result.today}`)
      .sort((a, b) => watched.indexOf(a.slice(0, 36)) - watched.indexOf(b.slice(0, 36)));
  }

  it('sweeps every 15 minutes in UTC', async () => {
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toEqual([
      expect.objectContaining({ key: dailyBillingJobNames.scheduler, pattern: '*/15 * * * *' }),
    ]);
    // From here the test queues the sweeps itself: one on the wall clock would run early.
    await queue.removeJobScheduler(dailyBillingJobNames.scheduler);
  });

  it('runs Auckland and Los Angeles each once a day, from 00:15 their own time', async () => {
    const firms = [];
    for (const timeZone of ['Pacific/Auckland', 'America/Los_Angeles']) {
      const firmId = newFirm();
      const clerk = await harness.as({ firmId, roles: ['billing_clerk', 'firm_admin'] });
      await ok(clerk, UPDATE, { input: { timeZone } });
      const ids = await setUpMatter(clerk);
      await recordTime(clerk, ids, '1.0');
      await issuedInvoice(clerk, ids.matterId, '2026-03-31'); // due 2026-04-30
      firms.push({ firmId, collector: await harness.collectEvents(firmId) });
    }
    const [auckland, losAngeles] = firms.map((firm) => firm.firmId);
    watched = [auckland!, losAngeles!];
    // 00:00Z on 30 April: noon in Auckland, 17:00 on the 29th in Los Angeles; both run.
    expect(await sweepAt('2026-04-30T00:00:00Z')).toEqual([
      `${auckland} 2026-04-30`,
      `${losAngeles} 2026-04-29`,
    ]);

    // 2026-05-01 12:10Z: 00:10 on 2 May in Auckland (UTC+12), 05:10 on 1 May in Los Angeles (UTC-7).
    expect(await sweepAt('2026-05-01T12:10:00Z')).toEqual([`${losAngeles} 2026-05-01`]);
    expect(await sweepAt('2026-05-01T12:14:00Z')).toEqual([]);
    expect(await sweepAt('2026-05-01T12:15:00Z')).toEqual([`${auckland} 2026-05-02`]);
    expect(await sweepAt('2026-05-01T12:30:00Z')).toEqual([]);
    // 07:14Z on 2 May is 00:14 in Los Angeles: not yet; 07:15Z is its 00:15.
    expect(await sweepAt('2026-05-02T07:14:00Z')).toEqual([]);
    expect(await sweepAt('2026-05-02T07:15:00Z')).toEqual([`${losAngeles} 2026-05-02`]);

    // Each firm's invoice, due 30 April, was reported overdue as of its own business date.
    for (const [firm, asOf] of [
      [firms[0]!, '2026-05-02'],
      [firms[1]!, '2026-05-01'],
    ] as const) {
      const overdue = await eventsOf(firm.collector, 'lexfin.billing.invoice.overdue.v1', 1);
      expect(overdue.map((event) => event.data.asOf)).toEqual([asOf]);
    }
  });
});
