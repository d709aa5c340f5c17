import { z } from 'zod';
import {
  envPort,
  envPostgresUrl,
  envRedisUrl,
  envString,
  loadConfig,
  serviceConfigSchema,
} from '@lexfin/platform';
import type { ServiceConfig, ServiceDeclaration } from '../declaration';

/** What the caller of a start opened itself (tests), so its variable is not required. */
export interface SuppliedResources {
  database: boolean;
  messaging: boolean;
}

/** The service's environment, validated at once: each bad or missing variable named (exit 78). */
export function loadServiceConfig<Deps, Shape extends z.ZodRawShape>(
  declaration: ServiceDeclaration<Deps, Shape>,
  env: NodeJS.ProcessEnv,
  supplied: SuppliedResources,
): ServiceConfig<Shape> {
  const kit: Record<string, z.ZodType> = { PORT: envPort().default(declaration.port) };
  if (declaration.database && !supplied.database) {
    kit.DATABASE_URL = envPostgresUrl(
      `postgres://lexfin_app@host:5432/${declaration.database.name}`,
    );
  }
  if (usesKafka(declaration) && !supplied.messaging) {
    kit.KAFKA_BROKERS = envString({ example: 'host:port[,host:port]' });
  }
  if (declaration.redis) kit.REDIS_URL = envRedisUrl();
  // Two deployments sharing one Redis keep their queues apart by prefix.
  if (declaration.redis === true) kit.BULLMQ_PREFIX = z.string().min(1).default('lexfin');
  const schema = serviceConfigSchema({ ...kit, ...declaration.config });
  const rules = declaration.configRules;
  const withRules = rules
    ? schema.superRefine((config, ctx) => rules(config as ServiceConfig<Shape>, ctx))
    : schema;
  return loadConfig(withRules as unknown as z.ZodObject, env) as ServiceConfig<Shape>;
}

export function usesKafka(
  declaration: Pick<ServiceDeclaration<never>, 'kafka' | 'database'>,
): boolean {
  return declaration.kafka ?? declaration.database !== undefined;
}
