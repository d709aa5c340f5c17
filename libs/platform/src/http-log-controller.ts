import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { pathOf } from './http-errors';

/**
 * One line per request, written when it completes. Fastify's own lines would log the URL with
 * its query string, which may carry personal data, and double the volume with an "incoming" line.
 */
export class RequestLogController extends LogController {
  override incomingRequest(): void {
    // The completion line carries everything this line would.
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = {
      method: request.method,
      route: request.routeOptions.url,
      path: pathOf(request),
      statusCode: reply.statusCode,
      responseTimeMs: Math.round(reply.elapsedTime),
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
