import { Redis } from 'ioredis';
import { z } from 'zod';
import { createKafkaMessaging, kafkaSettingsFromEnv } from '@lexfin/messaging';
import { createDatabase } from '@lexfin/persistence';
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
import type { BillingDatabase } from './db/tables';
import { createBillingService } from './service';

// Wiring only.
void runMain(async () => {
  const config = loadConfig(
    serviceConfigSchema({
      PORT: envPort().default(4001),
      DATABASE_URL: envUrl({
        example: 'postgres://lexfin_app@host:5432/lexfin_billing',
        protocols: ['postgres:', 'postgresql:'],
      }),
      REDIS_URL: envUrl({ example: 'redis://127.0.0.1:6379', protocols: ['redis:', 'rediss:'] }),
      BILLING_REMITTANCE_DETAILS: z.string().min(1).optional(),
      BILLING_DAILY_JOB_CRON: z.string().min(9).optional(),
    }),
  );
  const logger = createLogger({ service: 'billing', level: config.LOG_LEVEL });
  const database = createDatabase<BillingDatabase>({
    url: config.DATABASE_URL,
    applicationName: 'billing',
  });
  const messaging = createKafkaMessaging(kafkaSettingsFromEnv('billing'), logger);
  await requireReachable([
    {
      describe: `PostgreSQL at ${redactUrl(config.DATABASE_URL)}`,
      check: database.checkReachable,
      fix: "start it with 'pnpm infra' or fix DATABASE_URL",
    },
    { describe: 'Kafka', check: messaging.checkReachable, fix: 'start it or fix KAFKA_BROKERS' },
    {
      describe: `Redis at ${redactUrl(config.REDIS_URL)}`,
      check: () => pingRedis(config.REDIS_URL),
      fix: "start it with 'pnpm infra' or fix REDIS_URL",
    },
  ]);
  const service = await createBillingService({
    database,
    messaging,
    redisUrl: config.REDIS_URL,
    logger,
    authenticator: createAuthenticator({
      jwtSecret: config.LEXFIN_JWT_SECRET,
      jwksUrl: config.LEXFIN_JWKS_URL,
      issuer: config.LEXFIN_JWT_ISSUER,
      audience: config.LEXFIN_JWT_AUDIENCE,
    }),
    ...(config.BILLING_REMITTANCE_DETAILS
      ? { remittanceDetails: config.BILLING_REMITTANCE_DETAILS }
      : {}),
    ...(config.BILLING_DAILY_JOB_CRON ? { dailyJobPattern: config.BILLING_DAILY_JOB_CRON } : {}),
  });
  await service.listen(config.HOST, config.PORT);
  installGracefulShutdown({
    logger,
    app: service.app,
    steps: [
      ...service.shutdownSteps,
      { name: 'kafka', close: () => messaging.close() },
      { name: 'postgres pool', close: () => database.close() },
    ],
  });
});

async function pingRedis(url: string): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}
