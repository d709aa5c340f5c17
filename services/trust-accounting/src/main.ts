import type { RunningConsumer } from '@lexfin/messaging';
import { createKafkaMessaging, kafkaSettingsFromEnv } from '@lexfin/messaging';
import { createDatabase, OutboxRelay } from '@lexfin/persistence';
import {
  createAuthenticator,
  createLogger,
  envPort,
  envUrl,
  installGracefulShutdown,
  loadConfig,
  redactUrl,
  requireReachable,
  runMain,
  serviceConfigSchema,
} from '@lexfin/platform';
import { startBillingReplica } from './consumers/billing-replica';
import type { TrustDatabase } from './db/schema';
import { buildTrustService } from './service';

// Wiring only.
void runMain(async () => {
  const config = loadConfig(
    serviceConfigSchema({
      PORT: envPort().default(4002),
      DATABASE_URL: envUrl({
        example: 'postgres://lexfin_app@host:5432/lexfin_trust',
        protocols: ['postgres:', 'postgresql:'],
      }),
    }),
  );
  const logger = createLogger({ service: 'trust-accounting', level: config.LOG_LEVEL });
  const database = createDatabase<TrustDatabase>({
    url: config.DATABASE_URL,
    applicationName: 'trust-accounting',
  });
  const messaging = createKafkaMessaging(kafkaSettingsFromEnv('trust-accounting'), logger);
  const app = await buildTrustService({
    db: database.db,
    logger,
    authenticator: createAuthenticator({
      jwtSecret: config.LEXFIN_JWT_SECRET,
      jwksUrl: config.LEXFIN_JWKS_URL,
    }),
    readiness: { db: database.checkReachable, kafka: messaging.checkReachable },
  });
  // Installed before the first await on Kafka or PostgreSQL: joining the consumer group takes
  // seconds, and a SIGTERM in that time must still end in an orderly exit, not by the signal.
  const started: { relay?: OutboxRelay; replica?: RunningConsumer } = {};
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
      { name: 'billing replica consumer', close: async () => started.replica?.stop() },
      {
        name: 'outbox relay',
        close: async () => {
          await started.relay?.stop();
          await started.relay?.flush();
        },
      },
      { name: 'kafka', close: () => messaging.close() },
      { name: 'postgres pool', close: () => database.close() },
    ],
  });
  await requireReachable([
    {
      describe: `PostgreSQL at ${redactUrl(config.DATABASE_URL)}`,
      check: database.checkReachable,
      fix: "start it with 'pnpm infra' or fix DATABASE_URL",
    },
    { describe: 'Kafka', check: messaging.checkReachable, fix: 'start it or fix KAFKA_BROKERS' },
  ]);
  if (stopping) return;
  const publisher = await messaging.connectPublisher();
  if (stopping) return;
  started.relay = new OutboxRelay({ db: database.db, pool: database.pool, publisher, logger });
  await started.relay.start();
  if (stopping) return;
  started.replica = await startBillingReplica({ messaging, db: database.db });
  if (stopping) return;
  await app.listen({ host: config.HOST, port: config.PORT });
});
