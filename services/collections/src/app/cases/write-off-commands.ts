import { randomUUID } from 'node:crypto';
import type { Selectable, Transaction } from 'kysely';
import { collectionsEvents } from '@lexfin/contracts';
import type { Money } from '@lexfin/money';
import { ConflictError, DomainRuleError, NotFoundError } from '@lexfin/platform/errors';
import { allow, emit, eventOf, runCommand } from '@lexfin/service-kit';
import { allocateWriteOff } from '../../domain/write-off';
import type { CollectionsDatabase, WriteOffRecommendationsTable } from '../../db/schema';
import type { CollectionsScope } from '../collections-scope';
import { CASE_WORKERS, PARTNERS } from '../roles';
import { arrangementTarget, caseFor, lockedCase, moneyJson } from './arrangement-support';

type Tx = Transaction<CollectionsDatabase>;
type Recommendation = Selectable<WriteOffRecommendationsTable>;

/** Each invoice's share with its matter, as the events carry it (and the mutations answer). */
async function itemsOf(tx: Tx, row: Recommendation) {
  const shares = row.invoice_amounts;
  const matters = await tx
    .selectFrom('invoices')
    .select(['invoice_id', 'matter_id'])
    .where(
      'invoice_id',
      'in',
      shares.map((share) => share.invoiceId),
    )
    .execute();
  const matterOf = new Map(matters.map((invoice) => [invoice.invoice_id, invoice.matter_id]));
  return shares.map((share) => ({
    invoiceId: share.invoiceId,
    matterId: matterOf.get(share.invoiceId)!,
    amount: moneyJson(BigInt(share.amountMinor), row.currency),
  }));
}

function recommendationView(row: Recommendation, items: Awaited<ReturnType<typeof itemsOf>>) {
  return {
    id: row.id,
    caseId: row.case_id,
    amount: moneyJson(row.amount_minor, row.currency),
    reason: row.reason,
    items,
    recommendedBy: row.recommended_by,
    recommendedAt: row.recommended_at.toISOString(),
    approvedBy: row.approved_by,
    approvedAt: row.approved_at?.toISOString() ?? null,
  };
}

/**
 * An agent recommends writing off `amount` of a case (at most what is open in that currency),
 * spread over its invoices oldest first; nothing is written off until a partner approves.
 */
export async function recommendWriteOff(
  scope: CollectionsScope,
  request: { caseId: string; amount: Money; reason: string; idempotencyKey: string },
) {
  allow(scope.caller, CASE_WORKERS);
  const { idempotencyKey, ...input } = request;
  return runCommand(
    scope.db,
    scope.caller,
    { operation: 'recommendWriteOff', idempotencyKey, input },
    async (tx) => {
      const found = await caseFor(tx, scope.caller, input.caseId);
      if (found.status === 'CLOSED') {
        throw new ConflictError('The case is closed', { caseId: found.id });
      }
      const now = scope.clock();
      const loaded = await lockedCase(tx, found.client_id);
      const target = arrangementTarget(loaded, now, input.amount, 'amount');
      const shares = allocateWriteOff(
        input.amount.minor,
        target.items.map((item) => ({
          invoiceId: item.invoiceId,
          dueDate: loaded.invoices.get(item.invoiceId)!.dueDate,
          openMinor: item.openMinor,
        })),
      );
      const row = await tx
        .insertInto('write_off_recommendations')
        .values({
          id: randomUUID(),
          firm_id: scope.caller.firmId,
          client_id: found.client_id,
          case_id: found.id,
          currency: input.amount.currency,
          amount_minor: input.amount.minor,
          invoice_amounts: JSON.stringify(
            shares.map((share) => ({
              invoiceId: share.invoiceId,
              amountMinor: share.amountMinor.toString(),
            })),
          ),
          reason: input.reason,
          recommended_by: scope.caller.userId,
          recommended_at: now,
          approved_by: null,
          approved_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const items = await itemsOf(tx, row);
      await emit(tx, [
        eventOf(scope.caller, collectionsEvents.writeOffRecommended, row.id, {
          recommendationId: row.id,
          caseId: found.id,
          clientId: found.client_id,
          items,
          reason: row.reason,
          recommendedBy: row.recommended_by,
        }),
      ]);
      return recommendationView(row, items);
    },
  );
}

/**
 * A partner who did not recommend it approves a write-off: billing writes each invoice's share
 * off on the event (no more than is then open), and the case closes when nothing is left.
 */
export async function approveWriteOff(
  scope: CollectionsScope,
  request: { recommendationId: string; idempotencyKey: string },
) {
  allow(scope.caller, PARTNERS);
  const { idempotencyKey, ...input } = request;
  return runCommand(
    scope.db,
    scope.caller,
    { operation: 'approveWriteOff', idempotencyKey, input },
    async (tx) => {
      const found = await tx
        .selectFrom('write_off_recommendations')
        .selectAll()
        .where('id', '=', input.recommendationId)
        .forUpdate()
        .executeTakeFirst();
      if (found === undefined) {
        throw new NotFoundError(
          `Write-off recommendation ${input.recommendationId} does not exist`,
          {
            recommendationId: input.recommendationId,
          },
        );
      }
      if (found.approved_by !== null) {
        throw new ConflictError('The write-off was already approved', {
          recommendationId: found.id,
          approvedBy: found.approved_by,
        });
      }
      if (found.recommended_by === scope.caller.userId) {
        throw new DomainRuleError(
          'SELF_APPROVAL_FORBIDDEN',
          'A write-off must be approved by a partner other than the one who recommended it',
          { recommendationId: found.id, recommendedBy: found.recommended_by },
        );
      }
      const now = scope.clock();
      const row = await tx
        .updateTable('write_off_recommendations')
        .set({ approved_by: scope.caller.userId, approved_at: now })
        .where('id', '=', found.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const items = await itemsOf(tx, row);
      await emit(tx, [
        eventOf(scope.caller, collectionsEvents.writeOffApproved, row.id, {
          recommendationId: row.id,
          caseId: row.case_id,
          clientId: row.client_id,
          items,
          reason: row.reason,
          recommendedBy: row.recommended_by,
          approvedBy: scope.caller.userId,
        }),
      ]);
      return recommendationView(row, items);
    },
  );
}
