import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import { createEvent, type EventDefinition, type EventEnvelope } from '@lexfin/contracts';
import {
  enqueueEvents,
  inFirmTransaction,
  runIdempotent,
  type IdempotencyDatabase,
  type OutboxDatabase,
} from '@lexfin/persistence';
import type { Caller } from './caller';

/** One unit of work in one transaction bound to the caller's firm (row-level security). */
export function inFirm<DB, T>(
  db: Kysely<DB>,
  caller: Caller,
  work: (tx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  return inFirmTransaction(db, caller.firmId, work);
}

export interface CommandRequest {
  /** The operation's name, part of the idempotency key's scope. */
  operation: string;
  idempotencyKey: string;
  /** What the caller sent: the same key with a different input is CONFLICT. */
  input: unknown;
}

/**
 * A command that moves money or sends something: one firm transaction, run once per idempotency
 * key (a repeat returns the stored answer, so results must be JSON), its events written to the
 * outbox in the same transaction with `emit`.
 */
export function runCommand<DB extends IdempotencyDatabase & OutboxDatabase, T>(
  db: Kysely<DB>,
  caller: Caller,
  request: CommandRequest,
  work: (tx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  return inFirm(db, caller, (tx) =>
    runIdempotent(
      tx,
      {
        firmId: caller.firmId,
        key: request.idempotencyKey,
        operation: request.operation,
        input: request.input,
      },
      () => work(tx),
    ),
  );
}

/** An event of the caller's firm, carrying its correlation and causation ids. */
export function eventOf<Type extends string, Data extends z.ZodType>(
  caller: Caller,
  definition: EventDefinition<Type, Data>,
  subject: string,
  data: z.input<Data>,
): EventEnvelope<z.output<Data>, Type> {
  return createEvent(definition, {
    firmId: caller.firmId,
    subject,
    data,
    correlationId: caller.correlationId,
    ...(caller.causationId === undefined ? {} : { causationId: caller.causationId }),
  });
}

/** Writes events to the outbox in the command's transaction: they go out only if it commits. */
export function emit<DB extends OutboxDatabase>(
  tx: Transaction<DB>,
  events: readonly EventEnvelope<unknown>[],
): Promise<void> {
  return enqueueEvents(tx, events);
}
