export { kafkaApi, kafkaError, kafkaMockBinary, startKafkaMock } from './kafka-mock';
export type { KafkaMock, KafkaMockOptions } from './kafka-mock';
export { repoRoot } from './repo-root';
export { startMessageCollector } from './message-collector';
export type { MessageCollector } from './message-collector';
export { createTestDatabase, dropDatabase } from './test-database';
export type { TestDatabase, TestDatabaseOptions } from './test-database';
export { adminUrl, appRole, redisUrl, testJwtSecret } from './test-env';
export { uniqueName, uniqueRedisPrefix } from './unique';
