import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';

/** Who the gateway forwards a request for: subgraphs verify the same token again. */
export interface ForwardedCaller {
  token: string;
  correlationId: string;
  requestId: string;
}

/** Why the gateway refuses an operation: the GraphQL error code, its message and details. */
export interface OperationRefusal {
  code: string;
  message: string;
  [detail: string]: unknown;
}

/**
 * The gateway's say on the operation the engine is about to run: the document it resolved (the
 * text sent, or the one stored under a persisted query's hash) and the operation chosen from it.
 */
export type AdmitOperation = (
  document: DocumentNode,
  operation: OperationDefinitionNode,
) => OperationRefusal | undefined;

/**
 * The federation engine behind the gateway's own checks (auth, limits): one request in, one out.
 * It calls `admit` once it knows what it would run, and answers a refusal with a 400 instead.
 */
export interface GatewayEngine {
  readonly name: string;
  handle(
    request: FastifyRequest,
    reply: FastifyReply,
    caller: ForwardedCaller,
    admit: AdmitOperation,
  ): Promise<void>;
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
