import { dailyFirmSweepJobNames, startDailyFirmSweep } from '@lexfin/jobs';
import { systemCaller, type JobDeclaration } from '@lexfin/service-kit';
import type { CreditDeps } from '../app/deps';
import { firmsDueForNightlyRun, recordNightlyRun } from '../app/profile/nightly-run';
import { rescoreFirm } from '../app/profile/rescore-firm';

export const NIGHTLY_RESCORE_QUEUE = 'credit-nightly';
const SCHEDULER_ID = 'nightly-credit-rescore';

/**
 * The sweep runs every 15 minutes in UTC and re-scores each firm whose local time has reached
 * 01:00 on a date not yet covered. A run is idempotent: a repeat changes and publishes nothing.
 */
export const DEFAULT_NIGHTLY_JOB_PATTERN = '*/15 * * * *';

/** Once a night per firm, in its time zone: every client re-scored from its facts. */
export const nightlyRescoreJob: JobDeclaration<CreditDeps> = {
  name: 'nightly-rescore',
  start: (deps, { connection, prefix, logger }) =>
    startDailyFirmSweep({
      queueName: NIGHTLY_RESCORE_QUEUE,
      schedulerId: SCHEDULER_ID,
      pattern: deps.nightlyJobPattern,
      connection,
      prefix,
      logger,
      firmIds: () => firmsDueForNightlyRun(deps),
      async runForFirm(firmId, jobId) {
        const caller = systemCaller({ firmId, work: 'nightly-rescore', correlationId: jobId });
        const result = await rescoreFirm(deps, caller);
        await recordNightlyRun(deps, firmId, result.asOf);
        logger.info(result, 'nightly credit re-assessment for a firm');
        return result;
      },
    }),
};

export const nightlyRescoreJobNames = {
  ...dailyFirmSweepJobNames,
  scheduler: SCHEDULER_ID,
} as const;
