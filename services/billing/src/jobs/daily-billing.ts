import { dailyFirmSweepJobNames, startDailyFirmSweep } from '@lexfin/jobs';
import { systemCaller, type JobDeclaration } from '@lexfin/service-kit';
import type { BillingServiceDeps } from '../app/deps';
import { firmsDueForDailyRun, recordDailyRun, runDailyBilling } from '../app/daily-run';

export const DAILY_BILLING_QUEUE = 'billing-daily';
const SCHEDULER_ID = 'daily-late-fees-and-overdue';

/**
 * The sweep runs every 15 minutes in UTC and runs each firm whose local time has reached 00:15 on
 * a date not yet covered (zones are offset by quarter hours at the finest). Every run is
 * idempotent, so a missed or repeated one does no harm.
 */
export const DEFAULT_DAILY_JOB_PATTERN = '*/15 * * * *';

/** Once a day per firm, at 00:15 its time: late fees assessed and invoices newly overdue reported. */
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
      firmIds: () => firmsDueForDailyRun(deps),
      async runForFirm(firmId, jobId) {
        const caller = systemCaller({ firmId, work: 'daily-billing', correlationId: jobId });
        const result = await runDailyBilling(deps, caller);
        await recordDailyRun(deps, caller, result.today);
        logger.info(result, 'daily billing run for a firm');
        return result;
      },
    }),
};

export const dailyBillingJobNames = { ...dailyFirmSweepJobNames, scheduler: SCHEDULER_ID } as const;
