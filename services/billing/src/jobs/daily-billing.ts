import { dailyFirmSweepJobNames, startDailyFirmSweep } from '@lexfin/jobs';
import { systemCaller, type JobDeclaration } from '@lexfin/service-kit';
import type { BillingServiceDeps } from '../app/deps';
import { firmIds, runDailyBilling } from '../app/daily-run';

export const DAILY_BILLING_QUEUE = 'billing-daily';
const SCHEDULER_ID = 'daily-late-fees-and-overdue';

/** Every run is idempotent, so a missed or repeated one does no harm. */
export const DEFAULT_DAILY_JOB_PATTERN = '15 0 * * *';

/** Once a day, per firm: late fees assessed and invoices newly overdue reported. */
export const dailyBillingJob: JobDeclaration<BillingServiceDeps> = {
  name: 'daily-billing',
  start: (deps, { connection, prefix, logger }) =>
    startDailyFirmSweep({
      queueName: DAILY_BILLING_QUEUE,
      schedulerId: SCHEDULER_ID,
      pattern: deps.dailyJobPattern,
      connection,
      prefix,
      logger,
      firmIds: () => firmIds(deps),
      async runForFirm(firmId, jobId) {
        const caller = systemCaller({ firmId, work: 'daily-billing', correlationId: jobId });
        const result = await runDailyBilling(deps, caller);
        logger.info(result, 'daily billing run for a firm');
        return result;
      },
    }),
};

export const dailyBillingJobNames = { ...dailyFirmSweepJobNames, scheduler: SCHEDULER_ID } as const;
