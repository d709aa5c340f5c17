import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Agent, request as send } from 'undici';
import type { RestRouteEntry } from '@lexfin/service-kit';
import { AppError, currentContext, UnauthenticatedError, type HttpApp } from '@lexfin/platform';
import { forwardedHeaders } from '../engine';
import type { FirmRateLimiter } from '../guards/firm-rate-limit';

export interface RestProxyOptions {
  /** The services' REST routes, as deploy/rest-routes.json lists them. */
  routes: readonly RestRouteEntry[];
  /** Where each service is in this environment: `http://host:port`, by service name. */
  serviceUrls: Readonly<Record<string, string>>;
  rateLimiter: FirmRateLimiter;
  /** For routes that declare no limit of their own. */
  bodyLimitBytes: number;
}

/** What a download or problem needs to reach the caller intact; hop-by-hop headers stay behind. */
const PASSED_BACK = ['content-type', 'content-disposition', 'content-length', 'cache-control'];
const PASSED_ON = ['content-type', 'accept'];

/**
 * Serves every REST route of the services at the same path, behind the same checks as GraphQL:
 * the app's token check (401 problem+json), the firm's rate limit, the route's body limit, and
 * the correlation id, which the service receives and answers with.
 */
export async function registerRestProxy(app: HttpApp, options: RestProxyOptions): Promise<void> {
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 32 });
  app.addHook('onClose', () => agent.close());
  await app.register(async (scope: FastifyInstance) => {
    // Bodies go on byte for byte (LEDES text, uploads): the service parses them, not the gateway.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    for (const route of options.routes) {
      const base = options.serviceUrls[route.service];
      if (base === undefined) continue;
      scope.route({
        method: route.method as 'GET',
        url: route.url,
        bodyLimit: route.bodyLimitBytes ?? options.bodyLimitBytes,
        handler: (request, reply) => forward(request, reply, base, route.service),
      });
    }
  });

  async function forward(
    request: FastifyRequest,
    reply: FastifyReply,
    base: string,
    service: string,
  ): Promise<FastifyReply> {
    const identity = request.identity;
    if (!identity) throw new UnauthenticatedError();
    const admission = await options.rateLimiter.admit(identity.firmId);
    if (!admission.allowed) {
      reply.header('retry-after', String(admission.retryAfterSeconds));
      throw new AppError(
        'RATE_LIMITED',
        429,
        `Too many requests for this firm; retry in ${admission.retryAfterSeconds} s`,
        { details: { retryAfterSeconds: admission.retryAfterSeconds } },
      );
    }
    const ids = currentContext();
    const headers: Record<string, string> = forwardedHeaders({
      token: identity.token,
      correlationId: ids?.correlationId ?? String(request.id),
      requestId: ids?.requestId ?? String(request.id),
    });
    for (const name of PASSED_ON) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    let answer: Awaited<ReturnType<typeof send>>;
    try {
      answer = await send(`${base}${request.url}`, {
        method: request.method as 'GET',
        headers,
        body: Buffer.isBuffer(request.body) ? request.body : undefined,
        dispatcher: agent,
      });
    } catch (error) {
      throw new AppError('SERVICE_UNAVAILABLE', 503, `The ${service} service did not answer`, {
        cause: error,
      });
    }
    reply.code(answer.statusCode);
    for (const name of PASSED_BACK) {
      const value = answer.headers[name];
      if (typeof value === 'string') reply.header(name, value);
    }
    return reply.send(answer.body);
  }
}
