import { Redis } from 'ioredis';
import { createKafkaMessaging, kafkaSettingsFromEnv } from '@lexfin/messaging';
import { createDatabase, OutboxRelay } from '@lexfin/persistence';
import {
  createAuthenticator,
  createLogger,
  installGracefulShutdown,
  kafkaDependency,
  loadConfig,
  postgresDependency,
  redisDependency,
  requireReachable,
  runMain,
} from '@lexfin/platform';
import { secretEncryptionKey, webhooksConfigSchema } from './config';
import type { WebhooksDatabase } from './db/schema';
import { startWebhooksService } from './service';

// Wiring only.
void runMain(async () => {
  const config = loadConfig(webhooksConfigSchema);
  const logger = createLogger({ service: 'webhooks', level: config.LOG_LEVEL });
  const database = createDatabase<WebhooksDatabase>({
    url: config.DATABASE_URL,
    applicationName: 'webhooks',
  });
  const messaging = createKafkaMessaging(kafkaSettingsFromEnv('webhooks'), logger);
  // BullMQ's workers block on Redis: their connection must never give up on a command.
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: true });
  await requireReachable([
    postgresDependency(config.DATABASE_URL, database.checkReachable),
    redisDependency(config.REDIS_URL, async () => {
      await redis.connect();
    }),
    kafkaDependency(messaging.checkReachable),
  ]);
  const relay = new OutboxRelay({
    db: database.db,
    pool: database.pool,
    publisher: await messaging.connectPublisher(),
    logger,
  });
  await relay.start();
  const service = await startWebhooksService({
    db: database.db,
    logger,
    authenticator: createAuthenticator({
      jwtSecret: config.LEXFIN_JWT_SECRET,
      jwksUrl: config.LEXFIN_JWKS_URL,
      issuer: config.LEXFIN_JWT_ISSUER,
      audience: config.LEXFIN_JWT_AUDIENCE,
    }),
    messaging,
    redis,
    redisPrefix: config.BULLMQ_PREFIX,
    secretEncryptionKey: secretEncryptionKey(config),
    allowedHosts: config.WEBHOOK_ALLOWED_HOSTS,
    deliveryConcurrency: config.WEBHOOK_DELIVERY_CONCURRENCY,
    readiness: { db: database.checkReachable, kafka: messaging.checkReachable },
  });
  await service.app.listen({ host: config.HOST, port: config.PORT });
  installGracefulShutdown({
    logger,
    app: service.app,
    steps: [
      ...service.shutdownSteps,
      {
        name: 'outbox relay',
        close: async () => {
          await relay.stop();
          await relay.flush();
        },
      },
      { name: 'kafka', close: () => messaging.close() },
      { name: 'redis', close: async () => void (await redis.quit()) },
      { name: 'postgres pool', close: () => database.close() },
    ],
  });
});
