import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Caller } from '@lexfin/service-kit';
import { localDate } from '../../domain/calendar';
import { ownerRemindersDue } from '../../domain/reminders';
import type { CollectionsDatabase } from '../../db/schema';
import type { LoadedCase } from './case-facts';

type Tx = Transaction<CollectionsDatabase>;

/**
 * A work item for each open dispute's owner once its deadline is the policy's reminder days
 * away (or nearer, or past): assigned to the owner, due on the deadline. The reminder is marked
 * in the same transaction, so it is raised once.
 */
export async function remindDisputeOwners(
  tx: Tx,
  caller: Caller,
  loaded: LoadedCase,
  caseId: string | null,
  now: Date,
) {
  const { facts, policy } = loaded;
  const today = localDate(facts.client.timeZone, now);
  const due = ownerRemindersDue(facts.disputes, policy.arrangements.disputeReminderDays, today);
  if (due.length === 0) return;
  const disputes = await tx
    .selectFrom('disputes')
    .select(['id', 'case_id', 'owner_user_id', 'invoice_id', 'deadline'])
    .where(
      'id',
      'in',
      due.map((dispute) => dispute.disputeId),
    )
    .where('owner_reminded_at', 'is', null)
    .execute();
  for (const dispute of disputes) {
    const workCase = dispute.case_id ?? caseId;
    if (workCase === null) continue;
    await tx
      .insertInto('work_items')
      .values({
        id: randomUUID(),
        firm_id: caller.firmId,
        client_id: facts.client.clientId,
        case_id: workCase,
        kind: 'DISPUTE_DEADLINE',
        // Not a ladder stage: the dispute is decided beside the ladder.
        stage_kind: 'DISPUTE_DEADLINE',
        responsible_role: 'collections_agent',
        due_on: dispute.deadline,
        invoice_ids: [dispute.invoice_id],
        status: 'OPEN',
        created_at: now,
        done_at: null,
        assigned_to: dispute.owner_user_id,
      })
      .execute();
    await tx
      .updateTable('disputes')
      .set({ owner_reminded_at: now })
      .where('id', '=', dispute.id)
      .execute();
  }
}
