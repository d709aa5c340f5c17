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
  await requireReachable([
    {
      describe: `PostgreSQL at ${redactUrl(config.DATABASE_URL)}`,
      check: database.checkReachable,
      fix: "start it with 'pnpm infra' or fix DATABASE_URL",
    },
    { describe: 'Kafka', check: messaging.checkReachable, fix: 'start it or fix KAFKA_BROKERS' },
  ]);
  const relay = new OutboxRelay({
    db: database.db,
    pool: database.pool,
    publisher: await messaging.connectPublisher(),
    logger,
  });
  await relay.start();
  const replica = await startBillingReplica({ messaging, db: database.db });
  const app = await buildTrustService({
    db: database.db,
    logger,
    authenticator: createAuthenticator({
      jwtSecret: config.LEXFIN_JWT_SECRET,
      jwksUrl: config.LEXFIN_JWKS_URL,
    }),
    readiness: { db: database.checkReachable, kafka: messaging.checkReachable },
  });
  await app.listen({ host: config.HOST, port: config.PORT });
  installGracefulShutdown({
    logger,
    app,
    steps: [
      { name: 'billing replica consumer', close: () => replica.stop() },
      {
        name: 'outbox relay',
        close: async () => {
          await relay.stop();
          await relay.flush();
        },
      },
      { name: 'kafka', close: () => messaging.close() },
      { name: 'postgres pool', close: () => database.close() },
    ],
  });
});
