import { deadLetterTopicFor } from '@lexfin/contracts';
import { createStreamInspector, type Messaging, type StreamInspector } from '@lexfin/messaging';
import { outboxBacklog, type Database } from '@lexfin/persistence';
import type { Logger, Metrics } from '@lexfin/platform';

export interface StreamMetricSources {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  database: Database<any> | undefined;
  messaging: Messaging | undefined;
  consumerGroups: readonly { group: string; topics: readonly string[] }[];
  logger: Logger;
}

export interface StreamMetrics {
  close(): Promise<void>;
}

/**
 * What Prometheus scrapes about the service's place on the stream, read at scrape time from the
 * source of truth: its consumer groups' lag and dead letters (Kafka's offsets) and its outbox
 * backlog (the database). A source that does not answer leaves its gauges empty for that scrape.
 */
export function registerStreamMetrics(
  metrics: Metrics,
  sources: StreamMetricSources,
): StreamMetrics {
  const { database, messaging, consumerGroups, logger } = sources;
  let inspector: StreamInspector | undefined;
  const inspect = () => (inspector ??= createStreamInspector(messaging!.settings, logger));
  const failed = (source: string) => (error: unknown) =>
    logger.warn({ err: error, source }, 'metrics source did not answer; gauges left empty');

  if (database) {
    const pending = metrics.gauge({
      name: 'outbox_pending_events',
      help: 'Events committed to the outbox and not yet published to Kafka',
    });
    const age = metrics.gauge({
      name: 'outbox_oldest_pending_age_seconds',
      help: 'How long the oldest unpublished outbox event has waited (0 when none waits)',
      async collect() {
        await outboxBacklog(database.db).then((backlog) => {
          pending.set(backlog.pending);
          age.set(
            backlog.oldestCreatedAt ? (Date.now() - backlog.oldestCreatedAt.getTime()) / 1_000 : 0,
          );
        }, failed('outbox'));
      },
    });
  }

  if (messaging && consumerGroups.length > 0) {
    const lag = metrics.gauge({
      name: 'kafka_consumer_lag_messages',
      help: 'Messages produced and not yet consumed, per consumer group and partition (committed offset to high-watermark)',
      labelNames: ['group', 'topic', 'partition'] as const,
      async collect() {
        lag.reset();
        for (const { group, topics } of consumerGroups) {
          await inspect()
            .groupLag(group, topics)
            .then((rows) => {
              for (const row of rows) {
                lag.set(
                  { group, topic: row.topic, partition: String(row.partition) },
                  Number(row.lag),
                );
              }
            }, failed('kafka'));
        }
      },
    });
    const deadLetters = metrics.gauge({
      name: 'dead_letter_messages',
      help: "Messages ever written to a consumer group's dead-letter topic (its high-watermark)",
      labelNames: ['group'] as const,
      async collect() {
        for (const { group } of consumerGroups) {
          await inspect()
            .topicEnds(deadLetterTopicFor(group))
            .then(
              (ends) => deadLetters.set({ group }, Number(ends.reduce((n, e) => n + e.high, 0n))),
              // No dead-letter topic yet: the group never dead-lettered anything.
              () => deadLetters.set({ group }, 0),
            );
        }
      },
    });
  }

  return { close: async () => inspector?.close() };
}
