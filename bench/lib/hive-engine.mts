import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import httpTransport from '@graphql-mesh/transport-http';
import type { Logger } from '@lexfin/platform';
import { forwardedHeaders } from '@lexfin/gateway/dist/engine.js';
import type { ForwardedCaller, GatewayEngine } from '@lexfin/gateway/dist/engine.js';

export interface HiveEngineOptions {
  supergraphSdl: string;
  logger: Logger;
  /** Share one subgraph call among identical in-flight subgraph requests (Hive's default: on). */
  deduplicateUpstreamRequests?: boolean;
  /** Subgraph locations in this environment, overriding the URLs composed into the supergraph. */
  subgraphUrls?: Record<string, string>;
}

/**
 * The Hive Gateway candidate (it lost the measurement to @apollo/gateway: see the README), behind
 * the same GatewayEngine interface, so both run through the gateway's own checks.
 */
export function createHiveEngine(options: HiveEngineOptions): GatewayEngine {
  const runtime = createGatewayRuntime<{ caller: ForwardedCaller }>({
    supergraph: options.supergraphSdl,
    logging: false,
    landingPage: false,
    graphiql: false,
    // The gateway's own error handler already decided what a caller may see.
    maskedErrors: false,
    // Given, not imported at run time: the runtime's dynamic import of its transport fails
    // silently where modules are loaded as CommonJS (tests) and every subgraph field is null.
    transports: { http: httpTransport },
    transportEntries: {
      '*.http': {
        options: { deduplicateInflightRequests: options.deduplicateUpstreamRequests ?? true },
      },
      ...Object.fromEntries(
        Object.entries(options.subgraphUrls ?? {}).map(([name, location]) => [name, { location }]),
      ),
    },
    propagateHeaders: {
      fromClientToSubgraphs: ({ context }) =>
        context.caller ? forwardedHeaders(context.caller) : {},
    },
  });
  return {
    name: options.deduplicateUpstreamRequests === false ? 'hive (dedup off)' : 'hive (dedup on)',
    async handle(request, reply, caller) {
      const response = await runtime.handleNodeRequestAndResponse(request, reply, { caller });
      response.headers.forEach((value, key) => void reply.header(key, value));
      reply.status(response.status);
      return reply.send(response.body);
    },
    async close() {
      await runtime.dispose();
    },
  };
}
