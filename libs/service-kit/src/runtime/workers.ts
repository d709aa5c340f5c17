import type { Messaging, RunningConsumer } from '@lexfin/messaging';
import { startEventConsumer, type Database } from '@lexfin/persistence';
import { unreachableAtStart, type Logger } from '@lexfin/platform';
import type { Redis } from 'ioredis';
import type { ServiceDeclaration } from '../declaration';

export interface Closable {
  close(): Promise<void>;
}

interface ConsumerResources {
  messaging: Messaging | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  database: Database<any> | undefined;
  suffix: string;
  /** Filled as each consumer joins its group, so that shutdown stops exactly those. */
  started: RunningConsumer[];
  stopping: () => boolean;
}

/** Joins each declared consumer group: inbox consumers through the service database. */
export async function startConsumers<Deps>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  declaration: ServiceDeclaration<Deps, any>,
  deps: Deps,
  resources: ConsumerResources,
): Promise<void> {
  for (const consumer of declaration.consumers ?? []) {
    if (resources.stopping()) return;
    const { messaging, database } = resources;
    if (!messaging) throw new Error(`${declaration.name} declares consumers but no Kafka`);
    const groupId = `${consumer.group}${resources.suffix}`;
    let joining: Promise<RunningConsumer>;
    if ('handlers' in consumer) {
      if (!database)
        throw new Error(`${declaration.name} declares inbox consumers but no database`);
      joining = startEventConsumer({
        messaging,
        db: database.db,
        consumerGroup: groupId,
        topics: consumer.topics,
        handlers: consumer.handlers(deps),
        batchHandler: consumer.batchHandler?.(deps),
        partitionsConsumedConcurrently: consumer.partitionsConsumedConcurrently,
      });
    } else {
      joining = messaging.startConsumer({
        groupId,
        topics: consumer.topics,
        handle: consumer.handle(deps),
        partitionsConsumedConcurrently: consumer.partitionsConsumedConcurrently,
      });
    }
    try {
      resources.started.push(await joining);
    } catch (error) {
      throw unreachableAtStart(
        { describe: `Kafka (consumer group ${groupId})`, fix: 'start it or fix KAFKA_BROKERS' },
        error,
      );
    }
  }
}

interface JobStartResources {
  connection: Redis;
  prefix: string;
  logger: Logger;
  clock: () => Date;
  started: Closable[];
  stopping: () => boolean;
}

/** Starts each declared job's queue and worker on BullMQ. */
export async function startJobs<Deps>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  declaration: ServiceDeclaration<Deps, any>,
  deps: Deps,
  resources: JobStartResources,
): Promise<void> {
  const { started, stopping, ...jobResources } = resources;
  for (const job of declaration.jobs ?? []) {
    if (stopping()) return;
    started.push(await job.start(deps, jobResources));
  }
}
