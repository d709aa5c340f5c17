/**
 * @apollo/gateway on @apollo/server serving the static supergraph: the engine chosen by
 * measurement (`pnpm bench gateway`; figures in the README).
 */
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import {
  forwardedHeaders,
  type AdmitOperation,
  type ForwardedCaller,
  type GatewayEngine,
} from './engine';
import { createSubgraphFetcher } from './subgraph-fetcher';

interface ApolloContext {
  caller: ForwardedCaller;
  admit: AdmitOperation;
}

/**
 * Asks the gateway about the operation once Apollo has resolved it, whether sent as text or found
 * under a persisted query's hash. A GraphQLError thrown here is Apollo's documented way to refuse
 * a request before it runs (and before a newly sent persisted query is stored).
 */
const admission: ApolloServerPlugin<ApolloContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, document, operation }) {
        // No operation by that name: Apollo refuses the request itself.
        if (!operation) return;
        const refusal = contextValue.admit(document, operation);
        if (!refusal) return;
        const { code, message, ...details } = refusal;
        throw new GraphQLError(message, {
          extensions: { code, ...details, http: { status: 400 } },
        });
      },
    };
  },
};

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
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      admission,
    ],
  });
  await server.start();
  const contexts = new WeakMap<FastifyRequest, ApolloContext>();
  const handler = fastifyApolloHandler(server, {
    context: async (request) => contexts.get(request)!,
  });
  return {
    name: '@apollo/gateway',
    async handle(
      request: FastifyRequest,
      reply: FastifyReply,
      caller: ForwardedCaller,
      admit: AdmitOperation,
    ) {
      contexts.set(request, { caller, admit });
      // The integration's handler returns the body for Fastify to send; here we send it.
      const body = await handler.call(undefined as never, request, reply);
      if (!reply.sent) await reply.send(body);
    },
    close: () => server.stop(),
  };
}
