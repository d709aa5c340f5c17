import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Logger } from '@lexfin/platform';
import { runDueSteps, type LadderDependencies } from '../app/cases/ladder-step';

export const LADDER_SWEEP_QUEUE = 'collections-ladder-sweep';
const SCHEDULER_ID = 'collections-ladder-every-minute';
export const LADDER_SWEEP_JOB = 'sweep-due-steps';

export interface LadderSweepOptions {
  deps: LadderDependencies;
  connection: ConnectionOptions;
  prefix: string;
  logger: Logger;
}

/**
 * A BullMQ job scheduler runs the sweep every minute; the sweep takes each client whose agenda
 * time has come (on the injectable clock) through its due step.
 */
export async function startLadderSweep(options: LadderSweepOptions) {
  const { connection, prefix, logger } = options;
  const queue = new Queue(LADDER_SWEEP_QUEUE, { connection, prefix });
  const worker = new Worker(
    LADDER_SWEEP_QUEUE,
    (job) => runDueSteps(options.deps, { correlationId: `job:${job.id}` }),
    { connection, prefix, concurrency: 1 },
  );
  worker.on('failed', (job, error) =>
    logger.error({ err: error, jobId: job?.id }, 'collections ladder sweep failed'),
  );
  await queue.upsertJobScheduler(
    SCHEDULER_ID,
    { pattern: '* * * * *', tz: 'UTC' },
    { name: LADDER_SWEEP_JOB, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
  );
  return {
    queue,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
