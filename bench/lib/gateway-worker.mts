/** One candidate gateway in its own worker thread: the product's app with a chosen engine. */
import { parentPort, workerData } from 'node:worker_threads';
import { Redis } from 'ioredis';
import { createAuthenticator, createLogger } from '@lexfin/platform';
import { buildGatewayApp } from '@lexfin/gateway/dist/gateway-app.js';
import { createFirmRateLimiter } from '@lexfin/gateway/dist/guards/firm-rate-limit.js';
import { createApolloEngine } from '@lexfin/gateway/dist/apollo-engine.js';
import { createHiveEngine } from './hive-engine.mts';

export interface GatewayCandidate {
  engine: 'hive' | 'hive-no-dedup' | 'apollo';
  supergraphSdl: string;
  redisUrl: string;
  redisPrefix: string;
}

const candidate = workerData as GatewayCandidate;
const logger = createLogger({ service: 'bench-gateway', level: 'silent' });
const redis = new Redis(candidate.redisUrl);
const engine =
  candidate.engine === 'apollo'
    ? await createApolloEngine({ supergraphSdl: candidate.supergraphSdl })
    : createHiveEngine({
        supergraphSdl: candidate.supergraphSdl,
        logger,
        deduplicateUpstreamRequests: candidate.engine === 'hive',
      });
const app = buildGatewayApp({
  logger,
  authenticator: createAuthenticator({ jwtSecret: process.env.LEXFIN_JWT_SECRET }),
  engine,
  rateLimiter: createFirmRateLimiter(
    redis,
    { requestsPerWindow: 10_000_000, windowSeconds: 60 },
    candidate.redisPrefix,
  ),
  limits: { maxDepth: 12, maxCost: 2_000 },
  bodyLimitBytes: 100 * 1024,
  readiness: {},
});
await app.listen({ host: '127.0.0.1', port: 0 });
parentPort!.postMessage({
  url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}/graphql`,
});
parentPort!.on('message', async () => {
  await app.close();
  redis.disconnect();
  parentPort!.postMessage('closed');
});
