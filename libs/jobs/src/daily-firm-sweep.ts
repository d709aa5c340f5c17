import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Logger } from '@lexfin/platform';

/** The job names on a sweep's queue: tests and operators queue them by hand. */
export const dailyFirmSweepJobNames = { sweep: 'sweep-firms', firmRun: 'run-firm' } as const;

export interface DailyFirmSweepOptions<Result> {
  queueName: string;
  /** The BullMQ job scheduler's id: one per kind of daily work. */
  schedulerId: string;
  /** Cron pattern in UTC. Runs must be idempotent: a missed or repeated one does no harm. */
  pattern: string;
  connection: ConnectionOptions;
  /** Redis key prefix (tests use one each). */
  prefix?: string;
  logger: Logger;
  /** The firms to run for, read when the sweep starts. */
  firmIds(): Promise<string[]>;
  /** One firm's run; `jobId` serves as its correlation id. */
  runForFirm(firmId: string, jobId: string): Promise<Result>;
}

export interface DailyFirmSweep {
  queue: Queue;
  close(): Promise<void>;
}

/**
 * Time-driven work per firm: a BullMQ job scheduler starts a sweep once a day, and the sweep
 * queues one job per firm, so a failing firm is retried on its own and the others are not held up.
 */
export async function startDailyFirmSweep<Result>(
  options: DailyFirmSweepOptions<Result>,
): Promise<DailyFirmSweep> {
  const { connection, logger } = options;
  const prefix = options.prefix ? { prefix: options.prefix } : {};
  const queue = new Queue(options.queueName, { connection, ...prefix });
  const worker = new Worker<{ firmId?: string }, Result | number>(
    options.queueName,
    async (job) => {
      if (job.name === dailyFirmSweepJobNames.sweep) {
        const firms = await options.firmIds();
        await queue.addBulk(
          firms.map((firmId) => ({
            name: dailyFirmSweepJobNames.firmRun,
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
      return options.runForFirm(job.data.firmId!, `job:${job.id}`);
    },
    { connection, ...prefix, concurrency: 2 },
  );
  worker.on('failed', (job, error) =>
    logger.error(
      { err: error, queue: options.queueName, jobId: job?.id, firmId: job?.data.firmId },
      'daily firm job failed',
    ),
  );
  await queue.upsertJobScheduler(
    options.schedulerId,
    { pattern: options.pattern, tz: 'UTC' },
    { name: dailyFirmSweepJobNames.sweep, data: {}, opts: { removeOnComplete: 100 } },
  );
  return {
    queue,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
