import type { EventEnvelope } from '@lexfin/contracts';
import { requireRole, type Identity, type Role } from '@lexfin/platform';

/**
 * Who a command or query runs for. A `user` comes from a verified token; a `system` caller is a
 * job or a consumer acting for the firm whose schedule or event it serves (API.md), never a
 * made-up user with an empty token.
 */
export interface Caller {
  kind: 'user' | 'system';
  firmId: string;
  /** The user's id; for a system caller, `system:<work>` (e.g. `system:daily-billing`). */
  userId: string;
  roles: readonly Role[];
  /** Set for a client_portal login: the only client whose data it may see. */
  clientId?: string;
  /** Ties together everything one front-end action caused, across services. */
  correlationId: string;
  /** The event or job that caused this work, when it was not a request. */
  causationId?: string;
}

/** The ids of the request a user caller made. */
export interface RequestIds {
  requestId: string;
  correlationId: string;
}

/** The caller of a request: its verified identity; the request causes what it does. */
export function userCaller(identity: Identity, ids: RequestIds): Caller {
  return {
    kind: 'user',
    firmId: identity.firmId,
    userId: identity.userId,
    roles: identity.roles,
    ...(identity.clientId === undefined ? {} : { clientId: identity.clientId }),
    correlationId: ids.correlationId,
    causationId: ids.requestId,
  };
}

export interface SystemWork {
  firmId: string;
  /** What the system is doing, e.g. `daily-billing` or `trust-transfer`. */
  work: string;
  correlationId: string;
  causationId?: string;
}

/** A job or consumer acting for one firm. */
export function systemCaller(work: SystemWork): Caller {
  return {
    kind: 'system',
    firmId: work.firmId,
    userId: `system:${work.work}`,
    roles: [],
    correlationId: work.correlationId,
    ...(work.causationId === undefined ? {} : { causationId: work.causationId }),
  };
}

/** The system caller handling `event`: same firm and correlation, caused by the event. */
export function eventCaller(event: EventEnvelope<unknown>, work: string): Caller {
  return systemCaller({
    firmId: event.firmid,
    work,
    correlationId: event.correlationid,
    causationId: event.id,
  });
}

/**
 * FORBIDDEN unless a user caller holds one of `allowed`. A system caller passes: it acts on the
 * firm's own events and schedules, which no request can make it do.
 */
export function allow(caller: Caller, allowed: readonly Role[]): void {
  if (caller.kind === 'system') return;
  requireRole(caller, ...allowed);
}
