import { randomBytes } from 'node:crypto';

/** A name no other test (or test run) uses: topics, consumer groups, queue names. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** A Redis key prefix private to one test, so parallel test files never see each other's keys. */
export function uniqueRedisPrefix(): string {
  return `lexfin-test:${process.pid}:${randomBytes(4).toString('hex')}`;
}
