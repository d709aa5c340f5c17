import { Redis } from 'ioredis';
import type { RunningConsumer } from '@lexfin/messaging';
import { createKafkaMessaging, kafkaSettingsFromEnv } from '@lexfin/messaging';
import { createDatabase, OutboxRelay } from '@lexfin/persistence';
import {
  createAuthenticator,
  createLogger,
  envPort,
  envPostgresUrl,
  envRedisUrl,
  installGracefulShutdown,
  kafkaDependency,
  loadConfig,
  postgresDependency,
  redisDependency,
  requireReachable,
  runMain,
  serviceConfigSchema,
} from '@lexfin/platform';
import { accountNumberBox } from './app/account-number-box';
import { startBillingReplica } from './consumers/billing-replica';
import { startReconciliationDueJobs, type ReconciliationDueJobs } from './jobs/reconciliation-due';
import type { TrustDatabase } from './db/schema';
import { buildTrustService } from './service';

// Wiring only.
void runMain(async () => {
  const config = loadConfig(
    serviceConfigSchema({
      PORT: envPort().default(4002),
      DATABASE_URL: envPostgresUrl('postgres://lexfin_app@host:5432/lexfin_trust'),
      REDIS_URL: envRedisUrl(),
    }),
  );
  // Without TRUST_ACCOUNT_NUMBER_KEY production stops here, before anything is served.
  accountNumberBox();
  const logger = createLogger({ service: 'trust-accounting', level: config.LOG_LEVEL });
  const database = createDatabase<TrustDatabase>({
    url: config.DATABASE_URL,
    applicationName: 'trust-accounting',
  });
  const messaging = createKafkaMessaging(kafkaSettingsFromEnv('trust-accounting'), logger);
  // BullMQ's workers block on Redis: a command must wait for a reconnect, not fail.
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: null });
  const app = await buildTrustService({
    db: database.db,
    logger,
    authenticator: createAuthenticator({
      jwtSecret: config.LEXFIN_JWT_SECRET,
      jwksUrl: config.LEXFIN_JWKS_URL,
    }),
    readiness: {
      db: database.checkReachable,
      kafka: messaging.checkReachable,
      redis: async () => void (await redis.ping()),
    },
  });
  // Installed before the first await on Kafka or PostgreSQL: joining the consumer group takes
  // seconds, and a SIGTERM in that time must still end in an orderly exit, not by the signal.
  const started: {
    relay?: OutboxRelay;
    replica?: RunningConsumer;
    jobs?: ReconciliationDueJobs;
  } = {};
  let stopping = false;
  installGracefulShutdown({
    logger,
    app,
    steps: [
      {
        name: 'startup',
        close: async () => {
          stopping = true;
        },
      },
      { name: 'reconciliation due jobs', close: async () => started.jobs?.close() },
      { name: 'billing replica consumer', close: async () => started.replica?.stop() },
      {
        name: 'outbox relay',
        close: async () => {
          await started.relay?.stop();
          await started.relay?.flush();
        },
      },
      { name: 'kafka', close: () => messaging.close() },
      { name: 'redis', close: async () => redis.disconnect() },
      { name: 'postgres pool', close: () => database.close() },
    ],
  });
  await requireReachable([
    postgresDependency(config.DATABASE_URL, database.checkReachable),
    kafkaDependency(messaging.checkReachable),
    redisDependency(config.REDIS_URL, async () => void (await redis.ping())),
  ]);
  if (stopping) return;
  const publisher = await messaging.connectPublisher();
  if (stopping) return;
  started.relay = new OutboxRelay({ db: database.db, pool: database.pool, publisher, logger });
  await started.relay.start();
  if (stopping) return;
  started.replica = await startBillingReplica({ messaging, db: database.db });
  if (stopping) return;
  started.jobs = await startReconciliationDueJobs({
    db: database.db,
    connection: redis,
    logger,
  });
  if (stopping) return;
  await app.listen({ host: config.HOST, port: config.PORT });
});
