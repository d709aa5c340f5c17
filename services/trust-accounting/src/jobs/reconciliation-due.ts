import type { ConnectionOptions } from 'bullmq';
import type { Kysely } from 'kysely';
import { dailyFirmSweepJobNames, startDailyFirmSweep, type DailyFirmSweep } from '@lexfin/jobs';
import type { Logger } from '@lexfin/platform';
import { systemCaller } from '@lexfin/service-kit';
import { remindDueReconciliations, trustFirmIds } from '../app/reconciliation/reconciliation-due';
import type { TrustDatabase } from '../db/schema';

export const RECONCILIATION_DUE_QUEUE = 'trust-reconciliation-due';
const SCHEDULER_ID = 'daily-reconciliation-due';
export const SWEEP = dailyFirmSweepJobNames.sweep;

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

export type ReconciliationDueJobs = DailyFirmSweep;

/**
 * Once a day a sweep queues one job per firm holding trust accounts: each reports the accounts
 * whose last month end is past its reconciliation day and not signed off. A failing firm is
 * retried on its own.
 */
export function startReconciliationDueJobs(
  options: ReconciliationDueOptions,
): Promise<ReconciliationDueJobs> {
  const { db, logger } = options;
  const clock = options.clock ?? (() => new Date());
  return startDailyFirmSweep({
    queueName: RECONCILIATION_DUE_QUEUE,
    schedulerId: SCHEDULER_ID,
    pattern: options.pattern ?? '30 6 * * *',
    connection: options.connection,
    prefix: options.prefix,
    logger,
    firmIds: () => trustFirmIds(db),
    async runForFirm(firmId, jobId) {
      const reminded = await remindDueReconciliations(
        { db, caller: systemCaller({ firmId, work: 'reconciliation-due', correlationId: jobId }) },
        clock().toISOString().slice(0, 10),
      );
      if (reminded.length > 0) logger.warn({ firmId, reminded }, 'trust reconciliations overdue');
      return reminded;
    },
  });
}
