import type { ConnectionOptions } from 'bullmq';
import { dailyFirmSweepJobNames, startDailyFirmSweep, type DailyFirmSweep } from '@lexfin/jobs';
import type { Logger } from '@lexfin/platform';
import type { BillingDeps } from '../app/context';
import { firmIds, runDailyBilling } from '../app/daily-run';

export const DAILY_BILLING_QUEUE = 'billing-daily';
const SCHEDULER_ID = 'daily-late-fees-and-overdue';

export interface DailyBillingOptions {
  deps: BillingDeps;
  connection: ConnectionOptions;
  /** Redis key prefix (tests use one each). */
  prefix?: string;
  /** Cron pattern in UTC; every run is idempotent, so a missed or repeated one does no harm. */
  pattern?: string;
  logger: Logger;
}

export type DailyBillingJobs = DailyFirmSweep;

/** Once a day, per firm: late fees assessed and invoices newly overdue reported. */
export function startDailyBillingJobs(options: DailyBillingOptions): Promise<DailyBillingJobs> {
  const { deps, logger } = options;
  return startDailyFirmSweep({
    queueName: DAILY_BILLING_QUEUE,
    schedulerId: SCHEDULER_ID,
    pattern: options.pattern ?? '15 0 * * *',
    connection: options.connection,
    prefix: options.prefix,
    logger,
    firmIds: () => firmIds(deps),
    async runForFirm(firmId, jobId) {
      const result = await runDailyBilling(deps, {
        firmId,
        userId: 'system:daily-billing',
        roles: [],
        correlationId: jobId,
      });
      logger.info(result, 'daily billing run for a firm');
      return result;
    },
  });
}

export const dailyBillingJobNames = { ...dailyFirmSweepJobNames, scheduler: SCHEDULER_ID } as const;
