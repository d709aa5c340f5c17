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

export interface GatewayDependencies {
  logger: Logger;
  authenticator: Authenticator;
  engine: GatewayEngine;
  rateLimiter: FirmRateLimiter;
  limits: OperationLimits;
  bodyLimitBytes: number;
  readiness: Parameters<typeof createHttpApp>[0]['readiness'];
}

interface GraphQLRequestBody {
  query?: unknown;
  operationName?: unknown;
}

/**
 * The one GraphQL endpoint front-ends use. The token is verified here once (and again by each
 * subgraph it is forwarded to); the firm's rate limit and the operation's depth and cost are
 * checked before any subgraph is called. Each refusal is a GraphQL error with its code.
 */
export function buildGatewayApp(deps: GatewayDependencies): HttpApp {
  const app = createHttpApp({
    service: 'gateway',
    logger: deps.logger,
    readiness: deps.readiness,
    bodyLimitBytes: deps.bodyLimitBytes,
  });
  const measures = createOperationMeasures();
  const admit = createOperationAdmission(deps.limits);

  app.route({
    method: ['GET', 'POST'],
    url: '/graphql',
    // Authentication happens below, so that its failure is a GraphQL error.
    config: { public: true },
    handler: async (request, reply) => {
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
  app.addHook('onClose', () => deps.engine.close());
  return app;
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
