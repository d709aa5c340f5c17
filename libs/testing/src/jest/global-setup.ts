import './workspace-sources';
import pg from 'pg';
import { allTopics } from '@lexfin/contracts';
import { ensureRole } from '@lexfin/persistence';
import { mockFetchMaxWaitMs, startKafkaMock, type KafkaMock } from '../kafka-mock';
import { adminUrl, appRole, redisUrl, testJwtSecret } from '../test-env';

declare global {
  var lexfinKafkaMock: KafkaMock | undefined;
}

/**
 * Once per jest run: the app role exists, databases left by dead test runs are gone, and a Kafka
 * broker is reachable: KAFKA_BROKERS when set (a real cluster), else our mock broker with every
 * catalogue topic. Environment set here reaches every test worker.
 */
export default async function globalSetup(): Promise<void> {
  process.env.LEXFIN_JWT_SECRET ??= testJwtSecret;
  process.env.NODE_ENV ??= 'test';
  // Services started in tests read it like any process (libs/service-kit).
  process.env.REDIS_URL ??= redisUrl();
  await prepareDatabaseServer();
  if (!process.env.KAFKA_BROKERS) {
    const mock = await startKafkaMock({ topics: allTopics() });
    globalThis.lexfinKafkaMock = mock;
    process.env.KAFKA_BROKERS = mock.bootstrap;
    process.env.KAFKA_MOCK_CONTROL = mock.control;
    process.env.KAFKA_IDEMPOTENT = 'false';
    process.env.KAFKA_FETCH_MAX_WAIT_MS = String(mockFetchMaxWaitMs);
  }
}

async function prepareDatabaseServer(): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect().catch((error: Error) => {
    throw new Error(
      `PostgreSQL at ${adminUrl()} is not reachable (${error.message}): run the tests with 'pnpm test', which starts it`,
    );
  });
  try {
    await ensureRole(client, appRole());
    const stale = await client.query<{ datname: string }>(
      "select datname from pg_database where datname like 'lexfin_test_%'",
    );
    for (const { datname } of stale.rows) {
      const pid = Number(datname.split('_')[2]);
      if (!isAlive(pid)) await client.query(`drop database if exists "${datname}" with (force)`);
    }
  } finally {
    await client.end();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
