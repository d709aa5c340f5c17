import { randomUUID } from 'node:crypto';
import { collectionsEvents } from '@lexfin/contracts';
import { ConflictError, NotFoundError } from '@lexfin/platform/errors';
import { allow, emit, eventOf, runCommand } from '@lexfin/service-kit';
import { localDate } from '../../domain/calendar';
import type { CollectionsScope } from '../collections-scope';
import { putOnAgenda } from '../open-amounts';
import { CASE_WORKERS } from '../roles';
import { assertWithinDays } from './arrangement-support';
import { currentPolicy } from './policy-store';

export type PauseScope = 'CLIENT' | 'MATTER' | 'INVOICE';

/**
 * Pauses the ladder for a client, matter or invoice until a date (required, at most the
 * policy's maximum ahead): a pause always ends.
 */
export async function pauseCollections(
  scope: CollectionsScope,
  request: { scope: PauseScope; id: string; reason: string; until: string; idempotencyKey: string },
) {
  allow(scope.caller, CASE_WORKERS);
  const { idempotencyKey, ...input } = request;
  return runCommand(
    scope.db,
    scope.caller,
    { operation: 'pauseCollections', idempotencyKey, input },
    async (tx) => {
      const table =
        input.scope === 'CLIENT' ? 'clients' : input.scope === 'MATTER' ? 'matters' : 'invoices';
      const column =
        input.scope === 'CLIENT'
          ? 'client_id'
          : input.scope === 'MATTER'
            ? 'matter_id'
            : 'invoice_id';
      const target = await tx
        .selectFrom(table)
        .select('client_id')
        .where(column, '=', input.id)
        .executeTakeFirst();
      if (target === undefined) {
        throw new NotFoundError(`${input.scope.toLowerCase()} ${input.id} does not exist`, {
          id: input.id,
        });
      }
      const client = await tx
        .selectFrom('clients')
        .select('time_zone')
        .where('client_id', '=', target.client_id)
        .executeTakeFirstOrThrow();
      const now = scope.clock();
      const policy = await currentPolicy(tx);
      assertWithinDays(
        'until',
        input.until,
        localDate(client.time_zone, now),
        policy.arrangements.maxPauseDays,
      );
      const id = randomUUID();
      await tx
        .insertInto('collection_pauses')
        .values({
          id,
          firm_id: scope.caller.firmId,
          client_id: target.client_id,
          level: input.scope,
          target_id: input.id,
          reason: input.reason,
          paused_by: scope.caller.userId,
          until: input.until,
          lifted_at: null,
          resumed_by: null,
        })
        .execute();
      await emit(tx, [
        eventOf(scope.caller, collectionsEvents.collectionsPaused, id, {
          pauseId: id,
          clientId: target.client_id,
          scope: input.scope,
          targetId: input.id,
          until: input.until,
          pausedBy: scope.caller.userId,
        }),
      ]);
      await putOnAgenda(tx, scope.caller.firmId, [target.client_id], now);
      return {
        id,
        clientId: target.client_id,
        scope: input.scope,
        targetId: input.id,
        reason: input.reason,
        until: input.until,
        resumedAt: null,
      };
    },
  );
}

/** Lifts a pause before its date: the ladder picks up where it was. */
export async function resumeCollections(
  scope: CollectionsScope,
  request: { pauseId: string; idempotencyKey: string },
) {
  allow(scope.caller, CASE_WORKERS);
  const { idempotencyKey, ...input } = request;
  return runCommand(
    scope.db,
    scope.caller,
    { operation: 'resumeCollections', idempotencyKey, input },
    async (tx) => {
      const pause = await tx
        .selectFrom('collection_pauses')
        .selectAll()
        .where('id', '=', input.pauseId)
        .forUpdate()
        .executeTakeFirst();
      if (pause === undefined) {
        throw new NotFoundError(`Pause ${input.pauseId} does not exist`, {
          pauseId: input.pauseId,
        });
      }
      if (pause.lifted_at !== null) {
        throw new ConflictError('The pause was already lifted', { pauseId: pause.id });
      }
      const now = scope.clock();
      await tx
        .updateTable('collection_pauses')
        .set({ lifted_at: now, resumed_by: scope.caller.userId })
        .where('id', '=', pause.id)
        .execute();
      await emit(tx, [
        eventOf(scope.caller, collectionsEvents.collectionsResumed, pause.id, {
          pauseId: pause.id,
          clientId: pause.client_id,
          resumedBy: scope.caller.userId,
        }),
      ]);
      await putOnAgenda(tx, scope.caller.firmId, [pause.client_id], now);
      return {
        id: pause.id,
        clientId: pause.client_id,
        scope: pause.level,
        targetId: pause.target_id,
        reason: pause.reason,
        until: pause.until,
        resumedAt: now.toISOString(),
      };
    },
  );
}
