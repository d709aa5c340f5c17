import { Redis } from 'ioredis';
import type { z } from 'zod';
import {
  createKafkaMessaging,
  kafkaSettingsFromEnv,
  type Messaging,
  type Publisher,
  type RunningConsumer,
} from '@lexfin/messaging';
import { createDatabase, OutboxRelay, type Database } from '@lexfin/persistence';
import {
  createAuthenticator,
  createHttpApp,
  createLogger,
  kafkaDependency,
  postgresDependency,
  redisDependency,
  requireReachable,
  type Authenticator,
  type HttpApp,
  type Logger,
  type ReadinessCheck,
  type ShutdownStep,
  type StartupDependency,
} from '@lexfin/platform';
import type { ServiceDeclaration, ServiceResources } from '../declaration';
import { registerHttpSurface } from './http-surface';
import { registerStreamMetrics, type StreamMetrics } from './stream-metrics';
import { loadServiceConfig, usesKafka } from './service-config';
import { startConsumers, startJobs, type Closable } from './workers';

/** What tests (and a second process of the same service) change about a start. */
export interface StartOptions {
  /** The environment to read; process.env when omitted. */
  env?: NodeJS.ProcessEnv;
  /** A database opened by the caller (tests), used instead of DATABASE_URL and not closed. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  database?: Database<any>;
  /** A Kafka client opened by the caller, used instead of KAFKA_BROKERS and not closed. */
  messaging?: Messaging;
  logger?: Logger;
  authenticator?: Authenticator;
  clock?: () => Date;
  redisPrefix?: string;
  /** Appended to every consumer group, so that a test reads the topics on its own. */
  consumerGroupSuffix?: string;
  /** Parts a test leaves off, e.g. consumers it replaces by applying events directly. */
  without?: readonly ('consumers' | 'jobs' | 'relay')[];
  host?: string;
  port?: number;
}

export interface RunningService<Deps> {
  name: string;
  /** `http://host:port`, without a path. */
  url: string;
  app: HttpApp;
  deps: Deps;
  relay: OutboxRelay | undefined;
  /** Stops taking requests, then closes everything in the shutdown order. */
  close(): Promise<void>;
}

export interface PreparedService<Deps> {
  logger: Logger;
  app: HttpApp;
  /** In order, after the HTTP server: safe to run at any point of `start`. */
  shutdownSteps: ShutdownStep[];
  /** Checks the dependencies, builds and starts everything, listens. */
  start(): Promise<RunningService<Deps> | undefined>;
}

/**
 * Builds what does not wait on anything (config, logger, clients, the HTTP app, the shutdown
 * steps), so that a signal during the waits of `start` already finds an orderly way out.
 */
export function prepareService<Deps, Shape extends z.ZodRawShape>(
  declaration: ServiceDeclaration<Deps, Shape>,
  options: StartOptions = {},
): PreparedService<Deps> {
  const env = options.env ?? process.env;
  const config = loadServiceConfig(declaration, env, {
    database: options.database !== undefined,
    messaging: options.messaging !== undefined,
  });
  const logger =
    options.logger ?? createLogger({ service: declaration.name, level: config.LOG_LEVEL });
  const authenticator =
    options.authenticator ??
    createAuthenticator({
      jwtSecret: config.LEXFIN_JWT_SECRET,
      jwksUrl: config.LEXFIN_JWKS_URL,
      issuer: config.LEXFIN_JWT_ISSUER,
      audience: config.LEXFIN_JWT_AUDIENCE,
    });
  const database =
    options.database ??
    (declaration.database && config.DATABASE_URL
      ? createDatabase({ url: config.DATABASE_URL, applicationName: declaration.name })
      : undefined);
  const messaging =
    options.messaging ??
    (usesKafka(declaration)
      ? createKafkaMessaging(kafkaSettingsFromEnv(declaration.name, env), logger)
      : undefined);
  const redisUrl = config.REDIS_URL;
  const redis = declaration.redis && redisUrl ? openRedis(redisUrl, declaration.redis) : undefined;

  // The same check names in every service; the declaration's own are added once built.
  const readiness: Record<string, ReadinessCheck> = {};
  if (database) readiness.postgres = () => database.checkReachable();
  if (messaging) readiness.kafka = () => messaging.checkReachable();
  if (redis) readiness.redis = async () => void (await redis.ping());

  const app = createHttpApp({
    service: declaration.name,
    logger,
    authenticator,
    readiness,
    ...(declaration.bodyLimitBytes === undefined
      ? {}
      : { bodyLimitBytes: declaration.bodyLimitBytes }),
  });

  let stopping = false;
  let deps: Deps | undefined;
  let publisher: Publisher | undefined;
  let relay: OutboxRelay | undefined;
  const consumers: RunningConsumer[] = [];
  const jobs: Closable[] = [];
  let streamMetrics: StreamMetrics | undefined;
  const shutdownSteps: ShutdownStep[] = [
    { name: 'startup', close: async () => void (stopping = true) },
    { name: 'consumers', close: () => closeAll(consumers.map((c) => () => c.stop())) },
    { name: 'jobs', close: () => closeAll(jobs.map((job) => () => job.close())) },
    {
      name: 'service',
      close: async () => {
        if (deps !== undefined) await declaration.close?.(deps);
      },
    },
    {
      name: 'outbox relay',
      close: async () => {
        await relay?.stop();
        // What committed before the stop still goes out before the process ends.
        await relay?.flush();
      },
    },
    { name: 'metrics', close: async () => streamMetrics?.close() },
    {
      name: 'kafka',
      close: async () => {
        await publisher?.disconnect();
        if (!options.messaging) await messaging?.close();
      },
    },
    { name: 'redis', close: async () => void (await redis?.quit()) },
    {
      name: 'postgres pool',
      close: async () => {
        if (!options.database) await database?.close();
      },
    },
  ];

  async function start(): Promise<RunningService<Deps> | undefined> {
    await requireReachable(startupDependencies());
    if (redis) await redis.connect();
    if (stopping) return undefined;
    const resources: ServiceResources<typeof config> = {
      name: declaration.name,
      config,
      logger,
      authenticator,
      db: database?.db as never,
      database,
      messaging,
      redis,
      redisPrefix: options.redisPrefix ?? config.BULLMQ_PREFIX ?? 'lexfin',
      clock: options.clock ?? (() => new Date()),
      metrics: app.metrics,
    };
    deps = await declaration.dependencies(resources);
    streamMetrics = registerStreamMetrics(app.metrics, {
      database,
      messaging,
      consumerGroups: (declaration.consumers ?? []).map((consumer) => ({
        group: `${consumer.group}${options.consumerGroupSuffix ?? ''}`,
        topics: consumer.topics,
      })),
      logger,
    });
    Object.assign(readiness, declaration.readiness?.(deps));
    await registerHttpSurface(app, declaration, deps, authenticator);
    const without = new Set(options.without ?? []);
    if (database && messaging && !without.has('relay')) {
      publisher = await messaging.connectPublisher();
      if (stopping) return undefined;
      relay = new OutboxRelay({ db: database.db, pool: database.pool, publisher, logger });
      await relay.start();
    }
    if (stopping) return undefined;
    if (!without.has('consumers')) {
      await startConsumers(declaration, deps, {
        messaging,
        database,
        suffix: options.consumerGroupSuffix ?? '',
        started: consumers,
        stopping: () => stopping,
      });
    }
    if (!without.has('jobs') && redis) {
      await startJobs(declaration, deps, {
        connection: redis,
        prefix: resources.redisPrefix,
        logger,
        clock: resources.clock,
        started: jobs,
        stopping: () => stopping,
      });
    }
    if (stopping) return undefined;
    const url = await app.listen({
      host: options.host ?? config.HOST,
      port: options.port ?? config.PORT,
    });
    const running = deps;
    return {
      name: declaration.name,
      url,
      app,
      deps: running,
      relay,
      async close() {
        await app.close();
        for (const step of shutdownSteps) await step.close();
      },
    };
  }

  function startupDependencies(): StartupDependency[] {
    const checks: StartupDependency[] = [];
    if (database) {
      checks.push(
        postgresDependency(config.DATABASE_URL ?? declaration.name, () =>
          database.checkReachable(),
        ),
      );
    }
    if (messaging) checks.push(kafkaDependency(() => messaging.checkReachable()));
    if (redis && redisUrl) {
      checks.push(redisDependency(redisUrl, () => pingRedis(redisUrl)));
    }
    return checks;
  }

  return { logger, app, shutdownSteps, start };
}

function openRedis(url: string, use: true | { commandRetries: number }): Redis {
  return new Redis(url, {
    lazyConnect: true,
    // BullMQ's workers block on Redis: a command must wait for a reconnect, not fail. Request-time
    // work (rate limits) must fail fast instead.
    maxRetriesPerRequest: use === true ? null : use.commandRetries,
  });
}

/** One short-lived connection that gives up at once, so a wrong REDIS_URL is one line at start. */
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

async function closeAll(closers: readonly (() => Promise<void>)[]): Promise<void> {
  for (const close of closers) await close();
}
