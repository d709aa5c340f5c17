/** The services that publish events; each owns exactly one topic. */
export const serviceNames = ['billing', 'trust', 'credit', 'collections', 'webhooks'] as const;
export type ServiceName = (typeof serviceNames)[number];

export type ServiceTopic<S extends ServiceName = ServiceName> = `lexfin.${S}.events`;

export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
}

export const DEFAULT_PARTITIONS = 12;

// Partitions can be added to a topic later but never removed, and adding them moves keys to other
// partitions (breaking per-client order for a moment), so each count is a deliberate choice.
const partitionsByService: Readonly<Record<ServiceName, number>> = {
  billing: DEFAULT_PARTITIONS,
  trust: DEFAULT_PARTITIONS,
  credit: DEFAULT_PARTITIONS,
  collections: DEFAULT_PARTITIONS,
  webhooks: DEFAULT_PARTITIONS,
};

// Kafka's own rule for topic names.
const LEGAL_TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

export function serviceTopicFor<S extends ServiceName>(service: S): ServiceTopic<S> {
  return `lexfin.${service}.events`;
}

/**
 * The dead-letter topic of one consumer group. Consumers create it on demand, so it is not in
 * `allTopics()`: the set of groups is not known here.
 */
export function deadLetterTopicFor(group: string): string {
  const topic = `lexfin.dlq.${group}`;
  if (group === '' || !LEGAL_TOPIC_NAME.test(topic)) {
    throw new Error(
      `consumer group ${JSON.stringify(group)} cannot name a dead-letter topic: use letters, digits, '.', '_' or '-'`,
    );
  }
  return topic;
}

/** Every service topic with its partition count, for provisioning (deploy/, tests, dev broker). */
export function allTopics(): TopicSpec[] {
  return serviceNames.map((service) => ({
    name: serviceTopicFor(service),
    partitions: partitionsByService[service],
  }));
}

/**
 * The message key: firm id + client id. Kafka keeps one key's messages in one partition, so one
 * client's events are consumed in the order they were published.
 */
export function messageKeyFor(firmId: string, clientId: string): string {
  return `${firmId}:${clientId}`;
}
