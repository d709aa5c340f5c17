import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allTopics, deadLetterTopicFor } from '@lexfin/contracts';
import { createKafkaMessaging, silentLogger, type Messaging } from '@lexfin/messaging';
import {
  createTestDatabase,
  mockFetchMaxWaitMs,
  startKafkaMock,
  testJwtSecret,
  type KafkaMock,
  type TestDatabase,
} from '@lexfin/testing';
import { billingService } from '../../../services/billing/src/service';
import { collectionsService } from '../../../services/collections/src/service';
import { creditAssessmentService } from '../../../services/credit-assessment/src/service';
import {
  composeDeclaredServices,
  restRoutesFile,
} from '../../../services/gateway/src/supergraph/compose-supergraph';
import { trustAccountingService } from '../../../services/trust-accounting/src/service';
import { webhooksService } from '../../../services/webhooks/src/service';
import { canaryTopic } from './broker-probe';
import { freePort } from './ports';
import { ServiceProcess } from './processes';
import { startOwnRedis, type OwnRedis } from './redis';

/** The services behind the gateway, by the directory (and process) name each runs as. */
export const backendNames = [
  'billing',
  'trust-accounting',
  'credit-assessment',
  'collections',
  'webhooks',
] as const;
export type BackendName = (typeof backendNames)[number];

const backendServices = {
  billing: billingService,
  'trust-accounting': trustAccountingService,
  'credit-assessment': creditAssessmentService,
  collections: collectionsService,
  webhooks: webhooksService,
};

/** How long a receiver has to answer one webhook attempt, and the short retry schedule. */
export const webhookAttemptTimeoutMs = 2_000;
const webhookRetryScheduleMs = '0,250,500,1000,2000,4000,8000,15000,30000,60000';

// Each database is created as the owner and typed loosely: the checks read them with SQL.
type AnyDatabase = TestDatabase<unknown>;

export interface ChaosPlatform {
  gatewayUrl: string;
  processes: Record<BackendName | 'gateway', ServiceProcess>;
  databases: Record<BackendName, AnyDatabase>;
  kafka: KafkaMock;
  /** The suite's own client of the run's broker (poison, dead letters, lag). */
  messaging: Messaging;
  redis: OwnRedis;
  /** Every consumer group the services declare, with its topics, by service. */
  consumerGroups: Record<BackendName, Array<{ group: string; topics: string[] }>>;
  /** Where each process's output is. */
  logDir: string;
  close(): Promise<void>;
}

/**
 * The platform as production runs it, each service its own process from the sources, on its own
 * fresh database, a broker of its own (tools/kafka-mock: faults go through its control port),
 * a Redis of its own; nothing shared with other tests, so faults hit only this run.
 */
export async function startChaosPlatform(): Promise<ChaosPlatform> {
  const logDir = mkdtempSync(join(tmpdir(), 'lexfin-chaos-'));
  const consumerGroups = Object.fromEntries(
    backendNames.map((name) => [
      name,
      (backendServices[name].consumers ?? []).map((consumer) => ({
        group: consumer.group,
        topics: [...consumer.topics],
      })),
    ]),
  ) as ChaosPlatform['consumerGroups'];
  const deadLetterTopics = Object.values(consumerGroups)
    .flat()
    .map(({ group }) => ({ name: deadLetterTopicFor(group), partitions: 1 }));
  const [databases, kafka, redis] = await Promise.all([
    createDatabases(),
    startKafkaMock({
      topics: [...allTopics(), ...deadLetterTopics, { name: canaryTopic, partitions: 1 }],
    }),
    startOwnRedis(logDir),
  ]);
  const messaging = createKafkaMessaging(kafka.settings('lexfin-chaos'), silentLogger, {
    createTopics: kafka.createTopics,
  });
  const common: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    LEXFIN_JWT_SECRET: testJwtSecret,
    KAFKA_BROKERS: kafka.bootstrap,
    KAFKA_IDEMPOTENT: 'false',
    KAFKA_FETCH_MAX_WAIT_MS: String(mockFetchMaxWaitMs),
    REDIS_URL: redis.url,
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    WEBHOOK_RETRY_SCHEDULE_MS: webhookRetryScheduleMs,
    WEBHOOK_ATTEMPT_TIMEOUT_MS: String(webhookAttemptTimeoutMs),
    GATEWAY_RATE_LIMIT_PER_MINUTE: '10000000',
    GATEWAY_SUPERGRAPH_FILE: join(logDir, 'supergraph.graphql'),
    GATEWAY_REST_ROUTES_FILE: join(logDir, 'rest-routes.json'),
  };
  const processes = {} as ChaosPlatform['processes'];
  for (const name of backendNames) {
    processes[name] = new ServiceProcess(
      name,
      await freePort(),
      { ...common, DATABASE_URL: databases[name].appUrl },
      logDir,
    );
  }
  const declared = backendNames.map((name) => ({
    name: backendServices[name].name,
    url: `${processes[name].url}/graphql`,
    declaration: backendServices[name],
  }));
  writeFileSync(common.GATEWAY_SUPERGRAPH_FILE!, composeDeclaredServices(declared));
  writeFileSync(common.GATEWAY_REST_ROUTES_FILE!, restRoutesFile(declared));
  processes.gateway = new ServiceProcess('gateway', await freePort(), common, logDir);
  const all = Object.values(processes);
  const stopAll = async () => {
    await Promise.all(all.map((child) => child.close()));
    await messaging.close();
    await Promise.all([kafka.stop(), redis.stop()]);
    await Promise.all(Object.values(databases).map((database) => database.drop()));
  };
  try {
    await Promise.all(backendNames.map((name) => processes[name].start()));
    await processes.gateway.start();
  } catch (error) {
    process.stderr.write(`chaos: platform did not start; logs kept in ${logDir}\n`);
    await stopAll();
    throw error;
  }
  return {
    gatewayUrl: processes.gateway.url,
    processes,
    databases,
    kafka,
    messaging,
    redis,
    consumerGroups,
    logDir,
    async close() {
      await stopAll();
      rmSync(logDir, { recursive: true, force: true });
    },
  };
}

async function createDatabases(): Promise<Record<BackendName, AnyDatabase>> {
  const created = await Promise.all(
    backendNames.map((name) => {
      const database = backendServices[name].database!;
      return createTestDatabase<unknown>({
        label: name === 'trust-accounting' ? 'trust' : name.split('-')[0]!,
        migrations: database.migrations,
        ...(database.appendOnlyTables ? { appendOnlyTables: database.appendOnlyTables } : {}),
      });
    }),
  );
  return Object.fromEntries(backendNames.map((name, i) => [name, created[i]])) as Record<
    BackendName,
    AnyDatabase
  >;
}
