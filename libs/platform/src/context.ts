import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What every log line and outgoing event of one unit of work should carry. Mutable on purpose:
 * the firm and user become known only once the request has been authenticated.
 */
export interface RequestContext {
  requestId: string;
  correlationId: string;
  firmId?: string;
  userId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `work` (and everything it awaits) inside `context`. */
export function runWithContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** The context of the unit of work in progress, if any. */
export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}
