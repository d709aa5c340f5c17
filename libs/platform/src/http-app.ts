import fastify, {
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import type { Authenticator } from './auth';
import { currentContext } from './context';
import { NotFoundError } from './errors';
import { openRequestContext, requestIdOf } from './http-context';
import { fromRequestError, pathOf, sendProblem } from './http-errors';
import { RequestLogController } from './http-log-controller';
import type { Logger } from './logger';
import { createMetrics, type Metrics } from './metrics';
import { checkReadiness, type ReadinessCheck } from './readiness';

export interface HttpAppOptions {
  service: string;
  logger: Logger;
  /** When given, every route that is not `config: { public: true }` requires a valid token. */
  authenticator?: Authenticator;
  /** The dependencies /readyz checks, by name, e.g. `{ db: pingDatabase, kafka: pingBroker }`. */
  readiness: Record<string, ReadinessCheck>;
  /** Fastify's default (1 MiB) when omitted. */
  bodyLimitBytes?: number;
  /** The app's metrics; created when omitted. Pass one to register service metrics beforehand. */
  metrics?: Metrics;
  readinessTimeoutMs?: number;
}

export type HttpApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  Logger
> & {
  readonly metrics: Metrics;
  /** From now on /readyz answers 503, so load balancers stop sending traffic. */
  markShuttingDown(): void;
};

const DEFAULT_READINESS_TIMEOUT_MS = 2_000;
const UNMATCHED_ROUTE = 'unmatched';
/** Probes and scrapes come every few seconds: their successes are not worth a log line. */
const PROBE_ROUTE = { config: { public: true }, logLevel: 'warn' } as const;

/** A Fastify app with Lexfin's request context, auth, problem+json errors, health and metrics. */
export function createHttpApp(options: HttpAppOptions): HttpApp {
  const metrics = options.metrics ?? createMetrics({ service: options.service });
  const readinessTimeoutMs = options.readinessTimeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS;
  let shuttingDown = false;

  const app = fastify({
    loggerInstance: options.logger,
    // The logger's mixin adds the ids from the request context; a reqId binding would repeat them.
    childLoggerFactory: (logger, _bindings, childOptions) => logger.child({}, childOptions),
    logController: new RequestLogController(),
    genReqId: requestIdOf,
    requestIdHeader: false,
    ...(options.bodyLimitBytes === undefined ? {} : { bodyLimit: options.bodyLimitBytes }),
  });

  app.decorateRequest('identity', null);

  app.addHook('onRequest', openRequestContext);
  const authenticator = options.authenticator;
  if (authenticator !== undefined) {
    app.addHook('onRequest', async (request) => {
      if (request.is404 || request.routeOptions.config.public === true) return;
      const identity = await authenticator.authenticate(request.headers.authorization);
      request.identity = identity;
      const context = currentContext();
      if (context !== undefined) {
        context.firmId = identity.firmId;
        context.userId = identity.userId;
      }
    });
  }
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpRequestDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  app.setErrorHandler((error, request, reply) =>
    sendProblem(request, reply, fromRequestError(error)),
  );
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      request,
      reply,
      new NotFoundError(`No route for ${request.method} ${pathOf(request)}`),
    ),
  );

  app.get('/healthz', PROBE_ROUTE, async () => ({ status: 'ok' }));

  app.get('/readyz', PROBE_ROUTE, async (request, reply) => {
    if (shuttingDown) return reply.code(503).send({ status: 'shutting down' });
    const report = await checkReadiness(options.readiness, readinessTimeoutMs);
    if (!report.ready) request.log.warn({ checks: report.checks }, 'not ready');
    return reply
      .code(report.ready ? 200 : 503)
      .send({ status: report.ready ? 'ready' : 'unavailable', checks: report.checks });
  });

  app.get('/metrics', PROBE_ROUTE, async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );

  return Object.assign(app, {
    metrics,
    markShuttingDown: () => {
      shuttingDown = true;
    },
  });
}
