export {
  kafkaApi,
  kafkaError,
  kafkaMockBinary,
  mockFetchMaxWaitMs,
  startKafkaMock,
} from './kafka-mock';
export type { KafkaMock, KafkaMockOptions } from './kafka-mock';
export { sendMockCommand } from './mock-control';
export { repoRoot } from './repo-root';
export { startMessageCollector } from './message-collector';
export type { MessageCollector } from './message-collector';
export { createTestDatabase, dropDatabase } from './test-database';
export type { TestDatabase, TestDatabaseOptions } from './test-database';
export { createTestMessaging } from './test-messaging';
export { adminUrl, appRole, redisUrl, testJwtSecret } from './test-env';
export { uniqueName, uniqueRedisPrefix } from './unique';
export { graphqlClient } from './graphql-client';
export type { GraphQLClient, GraphQLError, GraphQLResponse } from './graphql-client';
export { mintToken } from './tokens';
export type { TestCaller } from './tokens';
export { waitUntil } from './wait-until';
export { startJwksServer } from './jwks-server';
export type { JwksServer } from './jwks-server';
export { startSmtpServer } from './smtp-server';
export type { ReceivedMail, TestSmtpServer, TestSmtpServerOptions } from './smtp-server';
export { startSmsReceiver } from './sms-receiver';
export type { ReceivedSms, TestSmsReceiver, TestSmsReceiverOptions } from './sms-receiver';
export { pdfText } from './pdf-text';
export { chromiumExecutable, launchHeadlessChromium } from './browser';
export type { HeadlessBrowser } from './browser';
export { startSmtpServerThread } from './smtp-server-thread';
export type { SmtpServerReport, SmtpServerThread } from './smtp-server-thread';
