import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import { createEvent, type EventDefinition, type EventEnvelope } from '@lexfin/contracts';
import { enqueueEvents, inFirmTransaction, runIdempotent } from '@lexfin/persistence';
import { fromZodError, NotFoundError, requireRole, type Role } from '@lexfin/platform';
import type { BillingDatabase } from '../db/tables';

export type BillingDb = Kysely<BillingDatabase>;
export type BillingTx = Transaction<BillingDatabase>;

/** Who acts: taken from the verified token (or, for consumers and jobs, from the event or job). */
export interface Actor {
  firmId: string;
  userId: string;
  roles: readonly Role[];
  /** A client_portal login sees only this client. */
  clientId?: string;
  correlationId: string;
  causationId?: string;
}

export interface BillingDeps {
  db: BillingDb;
  /** Now; tests move it to run the daily job on chosen dates. */
  clock: () => Date;
}

/** The roles allowed per kind of operation; no role implies another (API.md). */
export const Roles = {
  clerical: ['billing_clerk', 'partner', 'firm_admin'],
  approval: ['partner', 'firm_admin'],
  creditHold: ['credit_officer', 'partner', 'firm_admin'],
  staffRead: [
    'billing_clerk',
    'partner',
    'firm_admin',
    'credit_officer',
    'collections_agent',
    'trust_accountant',
  ],
  clientRead: [
    'billing_clerk',
    'partner',
    'firm_admin',
    'credit_officer',
    'collections_agent',
    'trust_accountant',
    'client_portal',
  ],
} as const satisfies Record<string, readonly Role[]>;

export function allow(actor: Actor, roles: readonly Role[]): void {
  requireRole({ ...actor, token: '' }, ...roles);
}

/** A client_portal caller may read only its own client; staff may read any of the firm's. */
export function assertMayReadClient(actor: Actor, clientId: string): void {
  if (actor.clientId !== undefined && actor.clientId !== clientId) {
    throw new NotFoundError('No such client');
  }
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw fromZodError(result.error);
  return result.data;
}

/** One command, one transaction bound to the caller's firm. */
export function inFirm<T>(deps: BillingDeps, actor: Actor, work: (tx: BillingTx) => Promise<T>) {
  return inFirmTransaction(deps.db, actor.firmId, work);
}

/** One money-moving command: one transaction, run once per idempotency key. */
export function inFirmOnce<T>(
  deps: BillingDeps,
  actor: Actor,
  request: { key: string; operation: string; input: unknown },
  work: (tx: BillingTx) => Promise<T>,
): Promise<T> {
  return inFirm(deps, actor, (tx) =>
    runIdempotent(tx, { firmId: actor.firmId, ...request }, () => work(tx)),
  );
}

/** Builds an event of this command, correlated with the request that caused it. */
export function eventOf<Type extends string, Data extends z.ZodType>(
  actor: Actor,
  definition: EventDefinition<Type, Data>,
  subject: string,
  data: z.input<Data>,
): EventEnvelope<z.output<Data>, Type> {
  return createEvent(definition, {
    firmId: actor.firmId,
    subject,
    data,
    correlationId: actor.correlationId,
    ...(actor.causationId === undefined ? {} : { causationId: actor.causationId }),
  });
}

export function publish(tx: BillingTx, events: readonly EventEnvelope<unknown>[]): Promise<void> {
  return enqueueEvents(tx, events);
}
