import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { defineService, type RestRouteEntry } from '@lexfin/service-kit';
import { createApolloEngine } from './apollo-engine';
import { gatewayConfigShape, parseSubgraphUrls, serviceBaseUrls } from './config';
import { registerGraphQLEndpoint } from './gateway-app';
import { createFirmRateLimiter } from './guards/firm-rate-limit';
import { registerRestProxy } from './rest/rest-proxy';
import { createSandbox } from './sandbox';
import { subgraphReadiness } from './subgraph-readiness';

/**
 * The one endpoint front-ends use: the federated graph and, at the same paths as on each service,
 * the services' REST routes, behind one token check, rate limit and correlation id.
 */
export const gatewayService = defineService({
  name: 'gateway',
  port: 4000,
  kafka: false,
  // The rate limit is checked on every request: it must fail fast, not wait for Redis.
  redis: { commandRetries: 2 },
  config: gatewayConfigShape,
  async dependencies({ config, logger, redis, authenticator }) {
    const supergraphSdl = readFileSync(config.GATEWAY_SUPERGRAPH_FILE, 'utf8');
    const subgraphUrls = {
      ...subgraphUrlsOf(supergraphSdl),
      ...parseSubgraphUrls(config.GATEWAY_SUBGRAPH_URLS),
    };
    return {
      logger,
      authenticator,
      engine: await createApolloEngine({ supergraphSdl, subgraphUrls }),
      rateLimiter: createFirmRateLimiter(redis!, {
        requestsPerWindow: config.GATEWAY_RATE_LIMIT_PER_MINUTE,
        windowSeconds: 60,
      }),
      limits: { maxDepth: config.GATEWAY_MAX_DEPTH, maxCost: config.GATEWAY_MAX_COST },
      bodyLimitBytes: config.GATEWAY_BODY_LIMIT_BYTES,
      restRoutes: JSON.parse(
        readFileSync(config.GATEWAY_REST_ROUTES_FILE, 'utf8'),
      ) as RestRouteEntry[],
      serviceUrls: serviceBaseUrls(subgraphUrls),
      // Only where tokens come from the development secret: never beside a real identity provider.
      sandbox:
        config.NODE_ENV === 'development' &&
        config.LEXFIN_JWT_SECRET !== undefined &&
        config.LEXFIN_JWKS_URL === undefined
          ? createSandbox({
              jwtSecret: config.LEXFIN_JWT_SECRET,
              firmId: config.GATEWAY_SANDBOX_FIRM_ID,
            })
          : undefined,
    };
  },
  async register(app, deps) {
    registerGraphQLEndpoint(app, deps);
    await registerRestProxy(app, {
      routes: deps.restRoutes,
      serviceUrls: deps.serviceUrls,
      rateLimiter: deps.rateLimiter,
      bodyLimitBytes: deps.bodyLimitBytes,
    });
  },
  readiness: (deps) => subgraphReadiness(deps.serviceUrls),
  close: (deps) => deps.engine.close(),
});

/** The subgraph URLs composed into the supergraph (`@join__graph(name:, url:)`). */
function subgraphUrlsOf(supergraphSdl: string): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== 'EnumTypeDefinition' || definition.name.value !== 'join__Graph')
      continue;
    for (const value of definition.values ?? []) {
      const graph = value.directives?.find((directive) => directive.name.value === 'join__graph');
      const argument = (name: string) =>
        graph?.arguments?.find((arg) => arg.name.value === name)?.value;
      const name = argument('name');
      const url = argument('url');
      if (name?.kind === 'StringValue' && url?.kind === 'StringValue') urls[name.value] = url.value;
    }
  }
  return urls;
}
