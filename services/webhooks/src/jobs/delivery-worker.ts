import { Worker, type ConnectionOptions } from 'bullmq';
import type { Logger } from '@lexfin/platform';
import { attemptDelivery, type AttemptDependencies } from '../app/attempts';
import { DELIVERY_QUEUE, type DeliveryJob } from './delivery-queue';

export interface DeliveryWorkerOptions {
  connection: ConnectionOptions;
  prefix: string;
  attempts: AttemptDependencies;
  logger: Logger;
  /** Attempts in flight at once; each mostly waits on a receiver. */
  concurrency?: number;
}

/** Thrown to have BullMQ schedule the next attempt; the attempt itself is already recorded. */
class AttemptFailed extends Error {
  override readonly name = 'AttemptFailed';
}

/**
 * Runs delivery attempts. BullMQ retries a failed one after the schedule's next delay, taken from
 * the same schedule the attempt was judged by (via the `webhook-schedule` backoff type).
 */
export function startDeliveryWorker(options: DeliveryWorkerOptions): Worker<DeliveryJob> {
  const { schedule } = options.attempts;
  const worker = new Worker<DeliveryJob>(
    DELIVERY_QUEUE,
    async (job) => {
      const outcome = await attemptDelivery(options.attempts, job.data, job.attemptsMade);
      if (outcome === 'retry') {
        throw new AttemptFailed(`attempt ${job.attemptsMade + 1} failed; retry scheduled`);
      }
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency ?? 10,
      // A worker that dies mid-attempt leaves the job stalled; it is retried rather than dropped.
      maxStalledCount: 5,
      settings: { backoffStrategy: (attemptsMade) => schedule[attemptsMade] ?? -1 },
    },
  );
  worker.on('failed', (job, error) => {
    if (error instanceof AttemptFailed) return;
    options.logger.error(
      { err: error, deliveryId: job?.data.deliveryId, firmId: job?.data.firmId },
      'webhook delivery job failed unexpectedly',
    );
  });
  worker.on('error', (error) =>
    options.logger.error({ err: error }, 'webhook delivery worker error'),
  );
  return worker;
}
