/** How a process reaches Kafka. Production: a real cluster; development and tests: the mock broker. */
export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /**
   * Idempotent producer (exactly-once per partition across retries). On for real Kafka; off for
   * librdkafka's mock broker, which does not answer InitProducerId the way kafkajs needs.
   */
  idempotent: boolean;
  /**
   * How long a fetch may wait for data. Real brokers answer as soon as data arrives; the mock
   * broker always waits the full time when a partition is empty, so it wants a short wait.
   */
  fetchMaxWaitMs?: number;
  /** How long a consumer may take to join its group before its start fails (90 s by default). */
  groupJoinTimeoutMs?: number;
  ssl?: boolean;
  sasl?: {
    mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
    username: string;
    password: string;
  };
}

/** Reads KAFKA_* variables; the defaults suit real Kafka, the test harness sets the mock's. */
export function kafkaSettingsFromEnv(
  clientId: string,
  env: NodeJS.ProcessEnv = process.env,
): KafkaSettings {
  const brokers = (env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  if (brokers.length === 0) {
    throw new Error(
      'Configuration error: KAFKA_BROKERS is missing (set it to host:port[,host:port], or run through pnpm start/test, which start a local broker)',
    );
  }
  const settings: KafkaSettings = {
    brokers,
    clientId,
    idempotent: (env.KAFKA_IDEMPOTENT ?? 'true') !== 'false',
  };
  if (env.KAFKA_FETCH_MAX_WAIT_MS) settings.fetchMaxWaitMs = Number(env.KAFKA_FETCH_MAX_WAIT_MS);
  if (env.KAFKA_SSL === 'true') settings.ssl = true;
  if (env.KAFKA_SASL_MECHANISM && env.KAFKA_SASL_USERNAME && env.KAFKA_SASL_PASSWORD) {
    settings.sasl = {
      mechanism: env.KAFKA_SASL_MECHANISM as NonNullable<KafkaSettings['sasl']>['mechanism'],
      username: env.KAFKA_SASL_USERNAME,
      password: env.KAFKA_SASL_PASSWORD,
    };
  }
  return settings;
}
