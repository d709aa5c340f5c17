import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Logger } from '@lexfin/platform';
import { remindDueReconciliations, trustFirmIds } from '../app/reconciliation-due';
import type { TrustDatabase } from '../db/schema';

export const RECONCILIATION_DUE_QUEUE = 'trust-reconciliation-due';
const SCHEDULER_ID = 'daily-reconciliation-due';
export const SWEEP = 'sweep-firms';
const FIRM_RUN = 'remind-firm';

export interface ReconciliationDueOptions {
  db: Kysely<TrustDatabase>;
  connection: ConnectionOptions;
  logger: Logger;
  /** Redis key prefix (tests use one each). */
  prefix?: string;
  /** Cron pattern in UTC; a run reports each month end once, so a repeated run does no harm. */
  pattern?: string;
  clock?: () => Date;
}

export interface ReconciliationDueJobs {
  queue: Queue;
  close(): Promise<void>;
}

/**
 * Once a day a sweep queues one job per firm holding trust accounts: each reports the accounts
 * whose last month end is past its reconciliation day and not signed off. A failing firm is
 * retried on its own.
 */
export async function startReconciliationDueJobs(
  options: ReconciliationDueOptions,
): Promise<ReconciliationDueJobs> {
  const { db, connection, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const prefix = options.prefix ? { prefix: options.prefix } : {};
  const queue = new Queue(RECONCILIATION_DUE_QUEUE, { connection, ...prefix });
  const worker = new Worker<{ firmId?: string }, unknown>(
    RECONCILIATION_DUE_QUEUE,
    async (job) => {
      if (job.name === SWEEP) {
        const firms = await trustFirmIds(db);
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
      const reminded = await remindDueReconciliations(
        {
          db,
          identity: { userId: 'system:reconciliation-due', firmId, roles: [], token: '' },
          correlationId: `job:${job.id}`,
        },
        clock().toISOString().slice(0, 10),
      );
      if (reminded.length > 0) logger.warn({ firmId, reminded }, 'trust reconciliations overdue');
      return reminded;
    },
    { connection, ...prefix, concurrency: 2 },
  );
  worker.on('failed', (job, error) =>
    logger.error(
      { err: error, jobId: job?.id, firmId: job?.data.firmId },
      'reconciliation due job failed',
    ),
  );
  await queue.upsertJobScheduler(
    SCHEDULER_ID,
    { pattern: options.pattern ?? '30 6 * * *', tz: 'UTC' },
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
