import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import {
  createAuthenticator,
  createLogger,
  installGracefulShutdown,
  loadConfig,
  redisDependency,
  requireReachable,
  runMain,
} from '@lexfin/platform';
import { gatewayConfigSchema, parseSubgraphUrls } from './config';
import { buildGatewayApp } from './gateway-app';
import { createFirmRateLimiter } from './guards/firm-rate-limit';
import { createApolloEngine } from './apollo-engine';

// Wiring only.
void runMain(async () => {
  const config = loadConfig(gatewayConfigSchema);
  const logger = createLogger({ service: 'gateway', level: config.LOG_LEVEL });
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });
  const app = buildGatewayApp({
    logger,
    authenticator: createAuthenticator({
      jwtSecret: config.LEXFIN_JWT_SECRET,
      jwksUrl: config.LEXFIN_JWKS_URL,
      issuer: config.LEXFIN_JWT_ISSUER,
      audience: config.LEXFIN_JWT_AUDIENCE,
    }),
    engine: await createApolloEngine({
      supergraphSdl: readFileSync(config.GATEWAY_SUPERGRAPH_FILE, 'utf8'),
      subgraphUrls: parseSubgraphUrls(config.GATEWAY_SUBGRAPH_URLS),
    }),
    rateLimiter: createFirmRateLimiter(redis, {
      requestsPerWindow: config.GATEWAY_RATE_LIMIT_PER_MINUTE,
      windowSeconds: 60,
    }),
    limits: { maxDepth: config.GATEWAY_MAX_DEPTH, maxCost: config.GATEWAY_MAX_COST },
    bodyLimitBytes: config.GATEWAY_BODY_LIMIT_BYTES,
    readiness: { redis: async () => void (await redis.ping()) },
  });
  // Before connecting: a SIGTERM during start-up still shuts down in order.
  installGracefulShutdown({
    logger,
    app,
    steps: [{ name: 'redis', close: async () => void redis.disconnect() }],
  });
  await requireReachable([
    redisDependency(config.REDIS_URL, async () => void (await redis.connect())),
  ]);
  await app.listen({ host: config.HOST, port: config.PORT });
});
