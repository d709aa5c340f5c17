import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  createHttpApp,
  currentContext,
  UnauthenticatedError,
  type Authenticator,
  type HttpApp,
  type Identity,
  type Logger,
} from '@lexfin/platform';
import type { GatewayEngine } from './engine';
import type { FirmRateLimiter } from './guards/firm-rate-limit';
import { checkOperationLimits, type OperationLimits } from './guards/operation-limits';
import { createOperationAdmission } from './guards/operation-admission';
import { createOperationMeasures } from './guards/operation-measures';
import { wantsSandbox, type Sandbox } from './sandbox';

/** What the GraphQL endpoint needs: the engine and the checks made before it is called. */
export interface GraphQLEndpointDependencies {
  authenticator: Authenticator;
  engine: GatewayEngine;
  rateLimiter: FirmRateLimiter;
  limits: OperationLimits;
  bodyLimitBytes: number;
  /** The GraphQL IDE for browsers; development only. */
  sandbox?: Sandbox;
}

export interface GatewayDependencies extends GraphQLEndpointDependencies {
  logger: Logger;
  readiness: Parameters<typeof createHttpApp>[0]['readiness'];
}

interface GraphQLRequestBody {
  query?: unknown;
  operationName?: unknown;
}

/** A gateway app serving the GraphQL endpoint alone, for tests against toy subgraphs. */
export function buildGatewayApp(deps: GatewayDependencies): HttpApp {
  const app = createHttpApp({
    service: 'gateway',
    logger: deps.logger,
    authenticator: deps.authenticator,
    readiness: deps.readiness,
  });
  registerGraphQLEndpoint(app, deps);
  app.addHook('onClose', () => deps.engine.close());
  return app;
}

/**
 * The one GraphQL endpoint front-ends use. The token is verified here once (and again by each
 * subgraph it is forwarded to); the firm's rate limit and the operation's depth and cost are
 * checked before any subgraph is called. Each refusal is a GraphQL error with its code.
 */
export function registerGraphQLEndpoint(app: HttpApp, deps: GraphQLEndpointDependencies): void {
  const measures = createOperationMeasures();
  const admit = createOperationAdmission(deps.limits);

  app.route({
    method: ['GET', 'POST'],
    url: '/graphql',
    bodyLimit: deps.bodyLimitBytes,
    // Authentication happens below, so that its failure is a GraphQL error.
    config: { public: true },
    handler: async (request, reply) => {
      if (deps.sandbox && wantsSandbox(request)) {
        return reply.type('text/html; charset=utf-8').send(await deps.sandbox.page());
      }
      let identity: Identity;
      try {
        identity = await deps.authenticator.authenticate(request.headers.authorization);
      } catch (error) {
        if (!(error instanceof UnauthenticatedError)) throw error;
        return refuse(reply, 401, 'UNAUTHENTICATED', error.message);
      }
      const ids = currentContext();
      if (ids) {
        ids.firmId = identity.firmId;
        ids.userId = identity.userId;
      }

      const admission = await deps.rateLimiter.admit(identity.firmId);
      if (!admission.allowed) {
        reply.header('retry-after', String(admission.retryAfterSeconds));
        return refuse(
          reply,
          429,
          'RATE_LIMITED',
          `Too many requests for this firm; retry in ${admission.retryAfterSeconds} s`,
          {
            retryAfterSeconds: admission.retryAfterSeconds,
          },
        );
      }

      // Text is measured here, before the engine parses and validates it; the engine measures what
      // it resolved (a persisted query's stored document too) through `admit`.
      const { query, operationName } = graphqlParams(request);
      if (typeof query === 'string') {
        const measure = measures.of(
          query,
          typeof operationName === 'string' ? operationName : null,
        );
        const violation = measure && checkOperationLimits(measure, deps.limits);
        if (violation) {
          const { code, message, ...details } = violation;
          return refuse(reply, 400, code, message, details);
        }
      }

      await deps.engine.handle(
        request,
        reply,
        {
          token: identity.token,
          correlationId: ids?.correlationId ?? String(request.id),
          requestId: ids?.requestId ?? String(request.id),
        },
        admit,
      );
      return reply;
    },
  });
}

function graphqlParams(request: FastifyRequest): GraphQLRequestBody {
  const source = request.method === 'GET' ? request.query : request.body;
  return typeof source === 'object' && source !== null ? (source as GraphQLRequestBody) : {};
}

function refuse(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  details: Record<string, unknown> = {},
) {
  return reply
    .code(status)
    .type('application/json')
    .send({ errors: [{ message, extensions: { code, ...details } }] });
}
