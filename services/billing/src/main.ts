import { Redis } from 'ioredis';
import { z } from 'zod';
import { createKafkaMessaging, kafkaSettingsFromEnv } from '@lexfin/messaging';
import { createDatabase } from '@lexfin/persistence';
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
import type { BillingDatabase } from './db/tables';
import { createBillingService } from './service';

// Wiring only.
void runMain(async () => {
  const config = loadConfig(
    serviceConfigSchema({
      PORT: envPort().default(4001),
      DATABASE_URL: envPostgresUrl('postgres://lexfin_app@host:5432/lexfin_billing'),
      REDIS_URL: envRedisUrl(),
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
    postgresDependency(config.DATABASE_URL, database.checkReachable),
    kafkaDependency(messaging.checkReachable),
    redisDependency(config.REDIS_URL, () => pingRedis(config.REDIS_URL)),
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
