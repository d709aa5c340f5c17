export { createKafkaMessaging } from './kafka-messaging';
export type {
  ConsumerOptions,
  CreateTopics,
  Messaging,
  MessagingOptions,
  Publisher,
  RunningConsumer,
  TopicSpec,
} from './kafka-messaging';
export { deadLetterHeaders } from './dead-letter';
export { createStreamInspector, inspectorGroupPrefix } from './stream-inspector';
export type {
  PartitionEnds,
  PartitionLag,
  Reading,
  ReadOptions,
  StreamInspector,
} from './stream-inspector';
export type { MessagingLogger } from './log';
export { silentLogger } from './log';
export type { IncomingMessage, OutgoingMessage } from './message';
export { defaultRetryPolicy, isRetryable, PoisonMessageError } from './retry-policy';
export type { RetryPolicy } from './retry-policy';
export { kafkaSettingsFromEnv } from './settings';
export type { KafkaSettings } from './settings';
