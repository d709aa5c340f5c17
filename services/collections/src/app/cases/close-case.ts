import { ConflictError } from '@lexfin/platform/errors';
import { allow, runCommand } from '@lexfin/service-kit';
import { collectionState } from '../../domain/collection-state';
import type { CollectionsScope } from '../collections-scope';
import { putOnAgenda } from '../open-amounts';
import { PARTNERS } from '../roles';
import { caseFor, lockedCase } from './arrangement-support';
import { finishWorkItems } from './case-lifecycle';

/**
 * A partner ends a case (typically from partner review): its past-due invoices take no more
 * ladder steps until a new past-due item reopens the case. The case row records who, why and
 * which invoices; no event, since nothing outside collections acts on it.
 */
export async function closeCase(
  scope: CollectionsScope,
  request: { caseId: string; reason: string; idempotencyKey: string },
) {
  allow(scope.caller, PARTNERS);
  const { idempotencyKey, ...input } = request;
  return runCommand(
    scope.db,
    scope.caller,
    { operation: 'closeCase', idempotencyKey, input },
    async (tx) => {
      const found = await caseFor(tx, scope.caller, input.caseId);
      if (found.status === 'CLOSED') {
        throw new ConflictError('The case is already closed', { caseId: found.id });
      }
      const loaded = await lockedCase(tx, found.client_id);
      if (loaded.facts.withAgency) {
        throw new ConflictError('The case is with an agency: recall it first', {
          caseId: found.id,
        });
      }
      const now = scope.clock();
      const state = collectionState(loaded.facts, loaded.policy, now);
      const ended = state.items
        .filter((item) => item.openMinor > 0n && item.daysPastDue >= 1)
        .map((item) => item.invoiceId);
      await tx
        .updateTable('collection_cases')
        .set({
          status: 'CLOSED',
          closed_at: now,
          next_stage: null,
          next_action_at: null,
          ended_by: scope.caller.userId,
          end_reason: input.reason,
          ended_invoice_ids: ended,
        })
        .where('id', '=', found.id)
        .execute();
      await finishWorkItems(tx, found.id, now);
      await putOnAgenda(tx, scope.caller.firmId, [found.client_id], now);
      return {
        caseId: found.id,
        closedAt: now.toISOString(),
        endedBy: scope.caller.userId,
        reason: input.reason,
        invoiceIds: ended,
      };
    },
  );
}
