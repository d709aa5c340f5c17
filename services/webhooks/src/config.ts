import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  envInteger,
  envPort,
  envPostgresUrl,
  envRedisUrl,
  serviceConfigSchema,
} from '@lexfin/platform';

/** Outside production only: a fixed key, so a development database stays readable across restarts. */
const DEVELOPMENT_ENCRYPTION_KEY = createHash('sha256')
  .update('lexfin webhooks development key: not for production')
  .digest();

const encryptionKey = z
  .string()
  .refine(
    (value) => Buffer.from(value, 'base64').length === 32,
    'must be 32 bytes in base64, e.g. the output of `openssl rand -base64 32`',
  );

export const webhooksConfigSchema = serviceConfigSchema({
  PORT: envPort().default(4005),
  DATABASE_URL: envPostgresUrl('postgres://lexfin_app@host:5432/lexfin_webhooks'),
  REDIS_URL: envRedisUrl(),
  BULLMQ_PREFIX: z.string().default('lexfin'),
  WEBHOOK_SECRET_ENCRYPTION_KEY: encryptionKey.optional(),
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((host) => host.trim())
        .filter(Boolean),
    ),
  WEBHOOK_DELIVERY_CONCURRENCY: envInteger({
    min: 1,
    max: 500,
    example: 'how many deliveries may be in flight at once, e.g. 20',
  }).default(20),
}).superRefine((config, ctx) => {
  if (config.NODE_ENV === 'production' && config.WEBHOOK_SECRET_ENCRYPTION_KEY === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['WEBHOOK_SECRET_ENCRYPTION_KEY'],
      message:
        'is missing, and production needs it (set it to 32 random bytes in base64, e.g. `openssl rand -base64 32`)',
    });
  }
});

export type WebhooksConfig = z.output<typeof webhooksConfigSchema>;

export function secretEncryptionKey(config: WebhooksConfig): Buffer {
  const key = config.WEBHOOK_SECRET_ENCRYPTION_KEY;
  return key === undefined ? DEVELOPMENT_ENCRYPTION_KEY : Buffer.from(key, 'base64');
}
