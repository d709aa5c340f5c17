import { Queue, type ConnectionOptions } from 'bullmq';

/** One series of attempts of a delivery; a replay starts the next generation. */
export interface DeliveryJob {
  firmId: string;
  deliveryId: string;
  generation: number;
}

/** Puts deliveries on the retry queue; scheduling the same job twice schedules it once. */
export interface DeliveryScheduler {
  schedule(jobs: readonly DeliveryJob[]): Promise<void>;
}

export const DELIVERY_QUEUE = 'webhook-deliveries';
/** The backoff type whose delays the worker's strategy takes from the retry schedule. */
export const DELIVERY_BACKOFF = 'webhook-schedule';

export interface DeliveryQueueOptions {
  connection: ConnectionOptions;
  /** Redis key prefix (one per test, so parallel tests never share a queue). */
  prefix: string;
  /** Delays between attempts, the first (normally 0) before attempt 1. */
  schedule: readonly number[];
}

/**
 * The BullMQ queue of delivery attempts. The job id names the delivery and its generation, so a
 * job scheduled again (a redelivered Kafka message, a repeated request) is not queued twice while
 * the first is waiting, running or retrying. The database keeps the delivery log: BullMQ keeps no
 * finished jobs.
 */
export class DeliveryQueue implements DeliveryScheduler {
  readonly queue: Queue<DeliveryJob>;

  constructor(private readonly options: DeliveryQueueOptions) {
    this.queue = new Queue<DeliveryJob>(DELIVERY_QUEUE, {
      connection: options.connection,
      prefix: options.prefix,
    });
  }

  async schedule(jobs: readonly DeliveryJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.queue.addBulk(
      jobs.map((job) => ({
        name: 'deliver',
        data: job,
        opts: {
          jobId: `${job.deliveryId}-g${job.generation}`,
          delay: this.options.schedule[0] ?? 0,
          attempts: this.options.schedule.length,
          backoff: { type: DELIVERY_BACKOFF },
          removeOnComplete: true,
          removeOnFail: true,
        },
      })),
    );
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
