export { createDatabase } from './database';
export type { Database, DatabaseOptions } from './database';
export { startEventConsumer } from './event-consumer';
export type { BatchEventHandler, EventConsumerOptions, EventHandler } from './event-consumer';
export {
  claimIdempotencyKeys,
  idempotencyKeysRelease,
  idempotentResponsesUpdate,
  releaseIdempotencyKeys,
  runIdempotent,
  storeIdempotentResponses,
} from './idempotency';
export type {
  IdempotencyClaim,
  IdempotencyDatabase,
  IdempotencyKeyTable,
  IdempotentRequest,
} from './idempotency';
export { handleEachOnce, handleOnce } from './inbox';
export { typedHandlers } from './typed-handler';
export type { EventData } from './typed-handler';
export type { InboxOutcome, InboxReceipt } from './inbox';
export type { InboxDatabase, InboxTable } from './inbox-table';
export { migrateToLatest, MigrationError, schemaFingerprint } from './migrations';
export type { MigrateOptions, Migration } from './migrations';
export { runMigrations } from './run-migrations';
export type { ServiceMigrations } from './run-migrations';
export { enqueueEvent, enqueueEvents, outboxEnqueue, outboxInsert, outboxWakeUp } from './outbox';
export { outboxBacklog } from './outbox-backlog';
export type { OutboxBacklog } from './outbox-backlog';
export { OutboxRelay } from './outbox-relay';
export type { OutboxRelayOptions } from './outbox-relay';
export { outboxChannel } from './outbox-table';
export type { OutboxDatabase, OutboxTable } from './outbox-table';
export { databaseUrlFor, ensureRole, ensureServiceDatabase } from './provisioning';
export { bindFirm, enableTenantIsolation, inFirmTransaction } from './tenancy';
export { readTogether, sendWithNext, withNextStatement } from './pipelining-dialect';
