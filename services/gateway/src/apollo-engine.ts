/**
 * @apollo/gateway on @apollo/server serving the static supergraph: the engine chosen by
 * measurement (`pnpm bench gateway`; figures in the README).
 */
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { forwardedHeaders, type ForwardedCaller, type GatewayEngine } from './engine';
import { createSubgraphFetcher } from './subgraph-fetcher';

interface ApolloContext {
  caller: ForwardedCaller;
}

export interface ApolloEngineOptions {
  supergraphSdl: string;
  /** Subgraph locations in this environment, overriding the URLs composed into the supergraph. */
  subgraphUrls?: Record<string, string>;
}

export async function createApolloEngine(options: ApolloEngineOptions): Promise<GatewayEngine> {
  const fetcher = createSubgraphFetcher();
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<ApolloContext>({
        url: options.subgraphUrls?.[name] ?? url,
        fetcher,
        willSendRequest({ request, context }) {
          for (const [name, value] of Object.entries(forwardedHeaders(context.caller)))
            request.http?.headers.set(name, value);
        },
      }),
  });
  const server = new ApolloServer<ApolloContext>({
    gateway,
    // Errors are the subgraphs' own, already shaped for the caller (see libs/subgraph).
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginLandingPageDisabled()],
  });
  await server.start();
  const callers = new WeakMap<FastifyRequest, ForwardedCaller>();
  const handler = fastifyApolloHandler(server, {
    context: async (request) => ({ caller: callers.get(request)! }),
  });
  return {
    name: '@apollo/gateway',
    async handle(request: FastifyRequest, reply: FastifyReply, caller: ForwardedCaller) {
      callers.set(request, caller);
      // The integration's handler returns the body for Fastify to send; here we send it.
      const body = await handler.call(undefined as never, request, reply);
      if (!reply.sent) await reply.send(body);
    },
    close: () => server.stop(),
  };
}
