import {
  createKafkaMessaging,
  kafkaSettingsFromEnv,
  silentLogger,
  type Messaging,
  type MessagingLogger,
} from '@lexfin/messaging';
import { mockTopicCreator } from './kafka-mock';

/**
 * Messaging for a test: the broker jest's global setup chose (KAFKA_BROKERS). When that is the
 * run's mock broker (KAFKA_MOCK_CONTROL, set only by the harness), topics are created through its
 * control port; on a real cluster through the admin API, as in production.
 */
export function createTestMessaging(
  clientId: string,
  logger: MessagingLogger = silentLogger,
): Messaging {
  const control = process.env.KAFKA_MOCK_CONTROL;
  return createKafkaMessaging(
    kafkaSettingsFromEnv(clientId),
    logger,
    control ? { createTopics: mockTopicCreator(control) } : {},
  );
}
