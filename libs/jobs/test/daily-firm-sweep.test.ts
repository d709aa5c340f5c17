import { createLogger } from '@lexfin/platform';
import { redisUrl, uniqueName, uniqueRedisPrefix, waitUntil } from '@lexfin/testing';
import { dailyFirmSweepJobNames, startDailyFirmSweep, type DailyFirmSweep } from '../src';

let sweep: DailyFirmSweep;
const ran: string[] = [];
const attemptsOfFailingFirm: string[] = [];

beforeAll(async () => {
  const url = new URL(redisUrl());
  sweep = await startDailyFirmSweep({
    queueName: uniqueName('daily-test'),
    schedulerId: 'daily-test',
    pattern: '0 3 * * *',
    connection: { host: url.hostname, port: Number(url.port || 6379) },
    prefix: uniqueRedisPrefix(),
    logger: createLogger({ service: 'jobs-test', level: 'silent' }),
    firmIds: async () => ['firm-a', 'firm-b', 'firm-c'],
    async runForFirm(firmId, jobId) {
      if (firmId === 'firm-b') {
        attemptsOfFailingFirm.push(jobId);
        throw new Error('firm-b database is being restored');
      }
      ran.push(firmId);
      return firmId;
    },
  });
});

afterAll(() => sweep.close());

it('registers one daily scheduler at the given time, in UTC', async () => {
  const schedulers = await sweep.queue.getJobSchedulers();
  expect(schedulers).toEqual([
    expect.objectContaining({ key: 'daily-test', pattern: '0 3 * * *', tz: 'UTC' }),
  ]);
});

it('runs each firm in its own job, so one failing firm does not hold up the others', async () => {
  await sweep.queue.add(dailyFirmSweepJobNames.sweep, {});
  await waitUntil(() => ran.length === 2 && attemptsOfFailingFirm.length === 1, 15_000);
  expect(ran.sort()).toEqual(['firm-a', 'firm-c']);
  const failed = await sweep.queue.getFailed();
  const waitingRetry = await sweep.queue.getDelayed();
  expect([...failed, ...waitingRetry].map((job) => job.data.firmId)).toContain('firm-b');
  expect(attemptsOfFailingFirm[0]).toMatch(/^job:/);
});
