import type { GraphQLResolverMap } from '@apollo/subgraph';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DocumentNode } from 'graphql';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { IncomingMessage, Messaging } from '@lexfin/messaging';
import type { BatchEventHandler, Database, EventHandler, Migration } from '@lexfin/persistence';
import type { Authenticator, HttpApp, Logger, Metrics, ReadinessCheck } from '@lexfin/platform';
import type { Caller } from './caller';

/** The service's own database: its name where `pnpm start` provisions it, and its schema. */
export interface DatabaseDeclaration {
  name: string;
  migrations: Record<string, Migration>;
  /** Journals: the app role may read and append, never update or delete. */
  appendOnlyTables?: readonly string[];
}

/** The variables the kit reads for every service. */
export interface KitConfig {
  NODE_ENV: 'development' | 'test' | 'production';
  LOG_LEVEL: Logger['level'];
  HOST: string;
  PORT: number;
  LEXFIN_JWT_SECRET?: string;
  LEXFIN_JWKS_URL?: string;
  LEXFIN_JWT_ISSUER?: string;
  LEXFIN_JWT_AUDIENCE?: string;
  /** Set when the service declares a database. */
  DATABASE_URL?: string;
  /** Set when the service declares Redis. */
  REDIS_URL?: string;
  /** Set when the service declares Redis for BullMQ: the prefix of its keys. */
  BULLMQ_PREFIX?: string;
}

/** The kit's variables plus the service's own. */
export type ServiceConfig<Shape extends z.ZodRawShape> = KitConfig & z.output<z.ZodObject<Shape>>;

/** What the kit has built for the service before it builds its own dependencies. */
export interface ServiceResources<Config> {
  name: string;
  config: Config;
  logger: Logger;
  /** Verifies tokens (issuer and audience always checked in production). */
  authenticator: Authenticator;
  /** The service database as the app role (declarations without a database get none). */
  // The kit does not know the service's table types; the declaration narrows them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  database: Database<any> | undefined;
  messaging: Messaging | undefined;
  /** BullMQ's connection: commands wait for a reconnect instead of failing. */
  redis: Redis | undefined;
  /** Prefix of every BullMQ key: BULLMQ_PREFIX, or what the start passes (one per test). */
  redisPrefix: string;
  /** Now; tests pass a clock they move. */
  clock: () => Date;
  /** The registry `/metrics` serves: the service's own counters, gauges and histograms. */
  metrics: Metrics;
}

/** What a request handler of the service gets: its caller and the service's dependencies. */
export interface RequestScope<Deps> {
  caller: Caller;
  deps: Deps;
}

/** A REST route (imports, exports, documents); the gateway serves it at the same path. */
export interface RestRoute<Deps> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  /** Larger bodies are refused with 413; Fastify's default (1 MiB) when omitted. */
  bodyLimitBytes?: number;
  handle(request: FastifyRequest, reply: FastifyReply, scope: RequestScope<Deps>): Promise<unknown>;
}

export interface SubgraphDeclaration<Deps> {
  typeDefs: DocumentNode;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  resolvers: GraphQLResolverMap<any>;
  /** The service's per-request additions (DataLoaders) to `{ caller, deps }`. */
  context?: (scope: RequestScope<Deps>) => object;
}

interface ConsumerGroup {
  /** The consumer group; tests append a suffix so that each run reads on its own. */
  group: string;
  topics: string[];
  /**
   * Partitions worked at once (default 1). Order holds within a partition (one firm and client
   * per key), so a consumer whose handlers lock per client can raise it to keep up with load.
   */
  partitionsConsumedConcurrently?: number;
}

/** Other services' events applied through the inbox: once per event, in its firm's transaction. */
export interface InboxConsumerDeclaration<Deps> extends ConsumerGroup {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handlers: (deps: Deps) => Record<string, EventHandler<any>>;
  /**
   * Optional: a fetch's events of one firm in one transaction (to keep up with a high rate);
   * `handlers` still apply them one by one when a batch fails.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  batchHandler?: (deps: Deps) => BatchEventHandler<any>;
}

/** Raw records, for a consumer whose own keys make redelivery harmless (webhook fan-out). */
export interface RawConsumerDeclaration<Deps> extends ConsumerGroup {
  handle: (deps: Deps) => (message: IncomingMessage) => Promise<void>;
}

export type ConsumerDeclaration<Deps> =
  InboxConsumerDeclaration<Deps> | RawConsumerDeclaration<Deps>;

export interface JobResources {
  connection: Redis;
  prefix: string;
  logger: Logger;
  clock: () => Date;
}

/** Time-driven work on BullMQ. */
export interface JobDeclaration<Deps> {
  name: string;
  start(deps: Deps, resources: JobResources): Promise<{ close(): Promise<void> }>;
}

/** Everything a service is, said once; `runService` and the tests' `startService` do the rest. */
export interface ServiceDeclaration<Deps, Shape extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  /** The default port (API.md); PORT overrides it. */
  port: number;
  database?: DatabaseDeclaration;
  /** Publishes through the outbox and consumes events; on when the service has a database. */
  kafka?: boolean;
  /** Redis for BullMQ (`true`), or for request-time work that must fail fast (`{ commandRetries }`). */
  redis?: boolean | { commandRetries: number };
  /** The service's own environment variables. */
  config?: Shape;
  /** Rules across variables (e.g. a key production must have); issues name the variable. */
  configRules?: (config: ServiceConfig<Shape>, ctx: z.RefinementCtx) => void;
  /** Body limit of every route not declaring its own; Fastify's default (1 MiB) when omitted. */
  bodyLimitBytes?: number;
  /** The service's dependencies, built once from what the kit provides. */
  dependencies(resources: ServiceResources<ServiceConfig<Shape>>): Deps | Promise<Deps>;
  subgraph?: SubgraphDeclaration<Deps>;
  routes?: readonly RestRoute<Deps>[];
  consumers?: readonly ConsumerDeclaration<Deps>[];
  jobs?: readonly JobDeclaration<Deps>[];
  /** Checks beyond PostgreSQL, Kafka and Redis, which the kit adds for what is declared. */
  readiness?: (deps: Deps) => Record<string, ReadinessCheck>;
  /** Endpoints that are not a subgraph or REST route (the gateway's GraphQL endpoint). */
  register?: (app: HttpApp, deps: Deps) => void | Promise<void>;
  /** Closes what `dependencies` opened, after consumers and jobs, before the pools. */
  close?: (deps: Deps) => Promise<void>;
}

/** Declares a service; the identity function, so that the declaration is typed where written. */
export function defineService<Deps, Shape extends z.ZodRawShape = Record<never, never>>(
  declaration: ServiceDeclaration<Deps, Shape>,
): ServiceDeclaration<Deps, Shape> {
  return declaration;
}
