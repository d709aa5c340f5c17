import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { operationMetricsPlugin } from './operation-metrics';
import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyRequest } from 'fastify';
import { GraphQLError, type DocumentNode } from 'graphql';
import {
  currentContext,
  UnauthenticatedError,
  type Authenticator,
  type HttpApp,
  type Identity,
} from '@lexfin/platform';
import { formatGraphQLError } from './graphql-errors';

/** What every resolver gets: who calls, and the ids that tie its logs and events together. */
export interface CallerContext extends BaseContext {
  identity: Identity;
  requestId: string;
  correlationId: string;
}

export interface SubgraphOptions<Context extends CallerContext> {
  app: HttpApp;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<Context>;
  authenticator: Authenticator;
  /** Adds the service's own pieces (use cases, per-request DataLoaders) to the caller context. */
  context: (caller: CallerContext, request: FastifyRequest) => Context | Promise<Context>;
  path?: string;
}

/**
 * Serves the service's Apollo Federation subgraph on its Fastify app. The route authenticates in
 * GraphQL terms: a missing or bad token is an UNAUTHENTICATED GraphQL error with HTTP 401.
 */
export async function registerSubgraph<Context extends CallerContext>(
  options: SubgraphOptions<Context>,
): Promise<ApolloServer<Context>> {
  const { app, authenticator } = options;
  const server = new ApolloServer<Context>({
    schema: buildSubgraphSchema([
      { typeDefs: options.typeDefs, resolvers: options.resolvers as never },
    ]),
    formatError: formatGraphQLError(app.log),
    includeStacktraceInErrorResponses: false,
    // Outside tests Apollo would catch SIGTERM itself, stop, and re-send the signal, killing the
    // process before installGracefulShutdown has drained requests and closed consumers and pools.
    stopOnTerminationSignals: false,
    // No Apollo Studio here: federated traces would only cost time on every request.
    plugins: [
      fastifyApolloDrainPlugin(app),
      ApolloServerPluginInlineTraceDisabled(),
      operationMetricsPlugin(app.metrics),
    ],
  });
  await server.start();

  const handler = fastifyApolloHandler(server, {
    context: async (request) => {
      const identity = await authenticate(authenticator, request.headers.authorization);
      const ids = currentContext();
      if (ids) {
        ids.firmId = identity.firmId;
        ids.userId = identity.userId;
      }
      const caller: CallerContext = {
        identity,
        requestId: ids?.requestId ?? String(request.id),
        correlationId: ids?.correlationId ?? String(request.id),
      };
      return options.context(caller, request);
    },
  });
  app.route({
    method: ['GET', 'POST', 'OPTIONS'],
    url: options.path ?? '/graphql',
    // Authentication happens in the GraphQL context, so its failure is a GraphQL error.
    config: { public: true },
    handler,
  });
  return server;
}

async function authenticate(
  authenticator: Authenticator,
  header: string | undefined,
): Promise<Identity> {
  try {
    return await authenticator.authenticate(header);
  } catch (error) {
    if (!(error instanceof UnauthenticatedError)) throw error;
    throw new GraphQLError(error.message, {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
}
