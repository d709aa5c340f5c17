import type { FastifyReply, FastifyRequest } from 'fastify';

/** Who the gateway forwards a request for: subgraphs verify the same token again. */
export interface ForwardedCaller {
  token: string;
  correlationId: string;
  requestId: string;
}

/** The federation engine behind the gateway's own checks (auth, limits): one request in, one out. */
export interface GatewayEngine {
  readonly name: string;
  handle(request: FastifyRequest, reply: FastifyReply, caller: ForwardedCaller): Promise<void>;
  close(): Promise<void>;
}

/** Headers a subgraph needs from the caller: identity, and the ids that tie logs and events. */
export function forwardedHeaders(caller: ForwardedCaller): Record<string, string> {
  return {
    authorization: `Bearer ${caller.token}`,
    'x-correlation-id': caller.correlationId,
    'x-request-id': caller.requestId,
  };
}
