import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { collectionsEvents } from '@lexfin/contracts';
import { formatMinorAmount } from '@lexfin/money';
import { emit, eventOf, type Caller } from '@lexfin/service-kit';
import type { CollectionState, ItemState } from '../../domain/collection-state';
import type { CollectionsDatabase } from '../../db/schema';
import type { LoadedCase } from './case-facts';
import type { ClaimWrites } from './claim-writes';

type Tx = Transaction<CollectionsDatabase>;

/** An item as events carry it. */
export function itemOf(item: ItemState, dueDate: string) {
  return {
    invoiceId: item.invoiceId,
    matterId: item.matterId,
    dueDate,
    daysPastDue: item.daysPastDue,
    openAmount: {
      amount: formatMinorAmount(item.openMinor, item.currency),
      currency: item.currency,
    },
  };
}

/**
 * Keeps the case row in step with the derived state: opens a case when an item is past due and
 * none is open, closes it when nothing past due is left, records OPEN or PAUSED and the next
 * step. Returns the open case's id, or null. An opened or updated case is written with the batch's
 * other claims (`writes`).
 */
export async function syncCase(
  tx: Tx,
  caller: Caller,
  loaded: LoadedCase,
  state: CollectionState,
  now: Date,
  writes: ClaimWrites,
): Promise<string | null> {
  const clientId = loaded.facts.client.clientId;
  const next = {
    next_stage: state.nextStep?.stage.kind ?? null,
    next_action_at: state.nextStep?.at ?? null,
  };
  if (state.status === 'NONE') {
    if (loaded.caseRow === undefined) return null;
    await tx
      .updateTable('collection_cases')
      .set({ status: 'CLOSED', closed_at: now, next_stage: null, next_action_at: null })
      .where('id', '=', loaded.caseRow.id)
      .execute();
    await emit(tx, [
      eventOf(caller, collectionsEvents.caseClosed, loaded.caseRow.id, {
        caseId: loaded.caseRow.id,
        clientId,
        closedAt: now.toISOString(),
        reason: 'SETTLED',
      }),
    ]);
    return null;
  }
  if (loaded.caseRow !== undefined) {
    writes.updateCase({ id: loaded.caseRow.id, status: state.status, ...next });
    return loaded.caseRow.id;
  }
  const caseId = randomUUID();
  writes.openCase({
    id: caseId,
    firm_id: caller.firmId,
    client_id: clientId,
    status: state.status,
    owner_user_id: null,
    opened_at: now,
    closed_at: null,
    ...next,
  });
  const overdue = state.items.filter((item) => item.openMinor > 0n && item.daysPastDue >= 1);
  writes.publish([
    eventOf(caller, collectionsEvents.caseOpened, caseId, {
      caseId,
      clientId,
      openedAt: now.toISOString(),
      items: overdue.map((item) => itemOf(item, loaded.invoices.get(item.invoiceId)!.dueDate)),
    }),
  ]);
  return caseId;
}

/** Marks a case's open work items done: all of them, or those of one kind. */
export async function finishWorkItems(tx: Tx, caseId: string, now: Date, kind?: string) {
  let query = tx
    .updateTable('work_items')
    .set({ status: 'DONE', done_at: now })
    .where('case_id', '=', caseId)
    .where('status', '=', 'OPEN');
  if (kind !== undefined) query = query.where('kind', '=', kind);
  await query.execute();
}
