import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { Identity } from './auth';
import { runWithContext, type RequestContext } from './context';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified caller; null on public routes and apps without an authenticator. */
    identity: Identity | null;
  }
  interface FastifyContextConfig {
    /** Serve this route without authentication. */
    public?: boolean;
  }
}

export const REQUEST_ID_HEADER = 'x-request-id';
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/** Ids from callers end up in logs and headers: accept only plain tokens of sensible length. */
const ACCEPTABLE_ID = /^[\w.:-]{1,128}$/;

function incomingId(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' && ACCEPTABLE_ID.test(value) ? value : undefined;
}

/** Fastify's genReqId: the caller's x-request-id, or a new UUID. */
export function requestIdOf(raw: IncomingMessage): string {
  return incomingId(raw.headers, REQUEST_ID_HEADER) ?? randomUUID();
}

/**
 * First onRequest hook: opens the request's context and runs the rest of the lifecycle in it
 * (Fastify carries the async context across body parsing). Without an incoming correlation id,
 * this request starts the correlation.
 */
export function openRequestContext(
  request: FastifyRequest,
  reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  const context: RequestContext = {
    requestId: request.id,
    correlationId: incomingId(request.headers, CORRELATION_ID_HEADER) ?? request.id,
  };
  reply.header(REQUEST_ID_HEADER, context.requestId);
  reply.header(CORRELATION_ID_HEADER, context.correlationId);
  runWithContext(context, done);
}
