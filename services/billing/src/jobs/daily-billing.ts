import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Logger } from '@lexfin/platform';
import type { BillingDeps } from '../app/context';
import { firmIds, runDailyBilling, type DailyRunResult } from '../app/daily-run';

export const DAILY_BILLING_QUEUE = 'billing-daily';
const SCHEDULER_ID = 'daily-late-fees-and-overdue';
const SWEEP = 'sweep-firms';
const FIRM_RUN = 'run-firm';

export interface DailyBillingOptions {
  deps: BillingDeps;
  connection: ConnectionOptions;
  /** Redis key prefix (tests use one each). */
  prefix?: string;
  /** Cron pattern in UTC; every run is idempotent, so a missed or repeated one does no harm. */
  pattern?: string;
  logger: Logger;
}

export interface DailyBillingJobs {
  queue: Queue;
  close(): Promise<void>;
}

/**
 * A BullMQ job scheduler starts a sweep once a day; the sweep queues one job per firm, so a
 * failing firm is retried on its own and the others are not held up.
 */
export async function startDailyBillingJobs(
  options: DailyBillingOptions,
): Promise<DailyBillingJobs> {
  const { deps, connection, prefix, logger } = options;
  const queue = new Queue(DAILY_BILLING_QUEUE, { connection, ...(prefix ? { prefix } : {}) });
  const worker = new Worker<{ firmId?: string }, DailyRunResult | number>(
    DAILY_BILLING_QUEUE,
    async (job) => {
      if (job.name === SWEEP) {
        const firms = await firmIds(deps);
        await queue.addBulk(
          firms.map((firmId) => ({
            name: FIRM_RUN,
            data: { firmId },
            opts: {
              attempts: 3,
              backoff: { type: 'exponential', delay: 60_000 },
              removeOnComplete: 1000,
            },
          })),
        );
        return firms.length;
      }
      const firmId = job.data.firmId!;
      const result = await runDailyBilling(deps, {
        firmId,
        userId: 'system:daily-billing',
        roles: [],
        correlationId: `job:${job.id}`,
      });
      logger.info(result, 'daily billing run for a firm');
      return result;
    },
    { connection, ...(prefix ? { prefix } : {}), concurrency: 2 },
  );
  worker.on('failed', (job, error) =>
    logger.error(
      { err: error, jobId: job?.id, firmId: job?.data.firmId },
      'daily billing job failed',
    ),
  );
  await queue.upsertJobScheduler(
    SCHEDULER_ID,
    { pattern: options.pattern ?? '15 0 * * *', tz: 'UTC' },
    { name: SWEEP, data: {}, opts: { removeOnComplete: 100 } },
  );
  return {
    queue,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}

export const dailyBillingJobNames = {
  sweep: SWEEP,
  firmRun: FIRM_RUN,
  scheduler: SCHEDULER_ID,
} as const;
